-- Entries about a workstream meeting that were written as "workstream_meeting" (an answer from the
-- calendar or by link, a time proposed) name it as the meeting's own entries do.
UPDATE `audit_log` SET `entity_type` = 'meeting' WHERE `entity_type` = 'workstream_meeting';

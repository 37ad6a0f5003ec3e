-- The mail worker's passes look for reminders and restored invitations among the scheduled
-- sessions still to come; without this index each pass read every attendee and role ever stored.
CREATE INDEX `sessions_upcoming` ON `sessions` (`status`,`starts_at`);
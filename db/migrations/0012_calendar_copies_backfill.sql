-- The copies people already hold, from what each module recorded before calendar_copies existed,
-- so that the next change of an event still reaches everyone who has it in their calendar.
INSERT OR IGNORE INTO `calendar_copies` (`uid`, `person_id`, `sequence`, `method`, `snapshot`, `sent_at`)
SELECT s.`calendar_uid`, a.`person_id`, max(a.`invited_sequence`),
  CASE WHEN a.`status` = 'removed' OR s.`status` = 'cancelled' THEN 'CANCEL' ELSE 'REQUEST' END,
  json_object('start', s.`starts_at`, 'end', s.`starts_at` + s.`duration_minutes` * 60000, 'url', s.`meeting_url`,
    'title', s.`title`, 'description', s.`description`),
  coalesce(a.`invited_at`, a.`updated_at`, a.`created_at`)
FROM `role_assignments` a JOIN `sessions` s ON s.`id` = a.`session_id`
WHERE a.`invited_sequence` IS NOT NULL AND s.`starts_at` IS NOT NULL
GROUP BY s.`calendar_uid`, a.`person_id`;
--> statement-breakpoint
INSERT OR IGNORE INTO `calendar_copies` (`uid`, `person_id`, `sequence`, `method`, `snapshot`, `sent_at`)
SELECT m.`calendar_uid`, i.`person_id`, i.`sequence`,
  CASE WHEN i.`cancelled` OR m.`status` = 'cancelled' THEN 'CANCEL' ELSE 'REQUEST' END,
  json_object('start', m.`starts_at`, 'end', m.`starts_at` + m.`duration_minutes` * 60000, 'url', m.`meeting_url`,
    'title', m.`title`, 'description', m.`description`),
  i.`created_at`
FROM `meeting_invitations` i JOIN `workstream_meetings` m ON m.`id` = i.`meeting_id`;
--> statement-breakpoint
INSERT OR IGNORE INTO `calendar_copies` (`uid`, `person_id`, `sequence`, `method`, `snapshot`, `sent_at`)
SELECT c.`calendar_uid`, j.`key`, j.`value`,
  CASE WHEN c.`status` = 'cancelled' THEN 'CANCEL' ELSE 'REQUEST' END,
  json_object('start', c.`starts_at`, 'end', c.`starts_at` + c.`duration_minutes` * 60000, 'url', c.`meeting_url`,
    'title', s.`title`, 'description', NULL),
  coalesce(c.`updated_at`, c.`created_at`)
FROM `preparatory_calls` c JOIN `sessions` s ON s.`id` = c.`session_id`, json_each(c.`invited_person_ids`) j;

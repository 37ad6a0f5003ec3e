ALTER TABLE `role_assignments` ADD `invited_at` integer;--> statement-breakpoint
-- People invited before the column existed: the time their first invitation was queued.
UPDATE `role_assignments` SET `invited_at` = (
  SELECT min(`o`.`created_at`) FROM `outbox` `o`
  WHERE `o`.`kind` = 'invitation' AND json_extract(`o`.`payload`, '$.assignmentId') = `role_assignments`.`id`
) WHERE `status` <> 'assigned';

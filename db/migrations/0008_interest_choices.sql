ALTER TABLE `interest_sessions` ADD `roles` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Interests stored before per-session roles asked for each of their roles in each of their ranked
-- sessions: every ranked session gets the interest's roles, in the fixed role order.
UPDATE `interest_sessions` SET `roles` = (
  SELECT json_group_array(r.value ORDER BY CASE r.value WHEN 'focal' THEN 1 WHEN 'discussant' THEN 2 WHEN 'chair' THEN 3 WHEN 'co_blogger' THEN 4 ELSE 5 END)
  FROM `interests` i, json_each(i.`roles`) r
  WHERE i.`id` = `interest_sessions`.`interest_id`
);

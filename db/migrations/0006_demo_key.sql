ALTER TABLE `series` ADD `demo_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `series_demo_key_unique` ON `series` (`demo_key`);--> statement-breakpoint
-- A demo loaded before the key existed is the one chaired by its example chair; mark it so a second `cli demo` does not load it again.
UPDATE `series` SET `demo_key` = 'call-for-interest' WHERE `id` = (
  SELECT `s`.`id` FROM `series` `s`
  JOIN `series_chairs` `c` ON `c`.`series_id` = `s`.`id`
  JOIN `people` `p` ON `p`.`id` = `c`.`person_id`
  WHERE `s`.`title` = 'Governance for strategic purchasing' AND `p`.`email` = 'amina.odhiambo@example.org'
  ORDER BY `s`.`created_at` LIMIT 1
);

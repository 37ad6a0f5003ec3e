-- Contacts taken off a list, kept so that the unsubscribe links of the mail already sent to them
-- still work.
CREATE TABLE `removed_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`series_id` text NOT NULL,
	`email` text NOT NULL,
	`country` text,
	`language` text,
	`timezone` text,
	`removed_at` integer NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);

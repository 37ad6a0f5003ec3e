CREATE TABLE `unsubscriptions` (
	`email` text PRIMARY KEY NOT NULL,
	`unsubscribed_at` integer NOT NULL,
	`series_id` text,
	`channel` text NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE set null
);

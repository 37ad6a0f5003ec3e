CREATE TABLE `attendees` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`person_id` text NOT NULL,
	`country` text,
	`via` text NOT NULL,
	`registered_at` integer NOT NULL,
	`unregistered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_unique` ON `attendees` (`session_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `attendees_person` ON `attendees` (`person_id`);
CREATE TABLE `attendees` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`person_id` text NOT NULL,
	`country` text,
	`via` text NOT NULL,
	`attended` integer,
	`registered_at` integer NOT NULL,
	`unregistered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_unique` ON `attendees` (`session_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `attendees_person` ON `attendees` (`person_id`);--> statement-breakpoint
CREATE TABLE `group_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`person_id` text NOT NULL,
	`country` text,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_answers_unique` ON `group_answers` (`session_id`,`person_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `question_released` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `question_release_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `question_to_contacts` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `question_sent_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `recording_url` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `slides_url` text;
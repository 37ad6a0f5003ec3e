CREATE TABLE `preparatory_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer DEFAULT 45 NOT NULL,
	`meeting_url` text,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`calendar_uid` text NOT NULL,
	`calendar_sequence` integer DEFAULT 0 NOT NULL,
	`invited_person_ids` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `preparatory_calls_session` ON `preparatory_calls` (`session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `preparatory_calls_one_scheduled` ON `preparatory_calls` (`session_id`) WHERE "preparatory_calls"."status" = 'scheduled';
CREATE TABLE `meeting_occurrences` (
	`meeting_id` text NOT NULL,
	`occurrence` integer NOT NULL,
	`status` text NOT NULL,
	`starts_at` integer,
	`duration_minutes` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `occurrence`),
	FOREIGN KEY (`meeting_id`) REFERENCES `workstream_meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `workstream_meetings` ADD `repeat_every` integer;--> statement-breakpoint
ALTER TABLE `workstream_meetings` ADD `repeat_unit` text;--> statement-breakpoint
ALTER TABLE `workstream_meetings` ADD `repeat_count` integer;--> statement-breakpoint
ALTER TABLE `workstream_meetings` ADD `repeat_zone` text;
CREATE TABLE `calendar_copies` (
	`uid` text NOT NULL,
	`person_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`method` text NOT NULL,
	`snapshot` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`uid`, `person_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);

CREATE TABLE `bounced_addresses` (
	`email` text PRIMARY KEY NOT NULL,
	`bounced_at` integer NOT NULL,
	`reason` text,
	`outbox_id` text
);
--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`received_at` integer NOT NULL,
	`from_address` text,
	`outcome` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `inbound_messages_received` ON `inbound_messages` (`received_at`);--> statement-breakpoint
ALTER TABLE `calendar_copies` ADD `response` text;--> statement-breakpoint
ALTER TABLE `calendar_copies` ADD `responded_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `bounced_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `bounce_reason` text;
-- Why the last attempt at a message failed, as a code the outbox page translates (last_error keeps
-- the words of the server or of the service).
ALTER TABLE `outbox` ADD `delivery_problem` text;
ALTER TABLE `contacts` ADD `timezone` text;--> statement-breakpoint
ALTER TABLE `people` ADD `timezone_chosen` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Existing zones. A stored zone that is zone.tab's first row for a country with several zones is
-- what the service used to estimate from the country: it counts as not chosen. Every other
-- stored zone counts as chosen (in a country with one zone an estimate cannot be wrong).
UPDATE `people` SET `timezone_chosen` = true WHERE `timezone` IS NOT NULL AND (`country` IS NULL OR `country` || ' ' || `timezone` NOT IN (
  'AQ Antarctica/McMurdo',
  'AR America/Argentina/Buenos_Aires',
  'AU Australia/Lord_Howe',
  'BR America/Noronha',
  'CA America/St_Johns',
  'CD Africa/Kinshasa',
  'CL America/Santiago',
  'CN Asia/Shanghai',
  'CY Asia/Nicosia',
  'DE Europe/Berlin',
  'EC America/Guayaquil',
  'ES Europe/Madrid',
  'FM Pacific/Chuuk',
  'GL America/Nuuk',
  'ID Asia/Jakarta',
  'KI Pacific/Tarawa',
  'KZ Asia/Almaty',
  'MH Pacific/Majuro',
  'MN Asia/Ulaanbaatar',
  'MX America/Mexico_City',
  'MY Asia/Kuala_Lumpur',
  'NZ Pacific/Auckland',
  'PF Pacific/Tahiti',
  'PG Pacific/Port_Moresby',
  'PS Asia/Gaza',
  'PT Europe/Lisbon',
  'RU Europe/Kaliningrad',
  'UA Europe/Simferopol',
  'UM Pacific/Midway',
  'US America/New_York',
  'UZ Asia/Samarkand'
));--> statement-breakpoint
-- Where that estimate was not the country's main zone, the estimate moves to the main zone.
UPDATE `people` SET `timezone` = 'Australia/Sydney' WHERE `timezone_chosen` = false AND `country` = 'AU' AND `timezone` = 'Australia/Lord_Howe';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'America/Sao_Paulo' WHERE `timezone_chosen` = false AND `country` = 'BR' AND `timezone` = 'America/Noronha';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'America/Toronto' WHERE `timezone_chosen` = false AND `country` = 'CA' AND `timezone` = 'America/St_Johns';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'Asia/Hebron' WHERE `timezone_chosen` = false AND `country` = 'PS' AND `timezone` = 'Asia/Gaza';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'Europe/Moscow' WHERE `timezone_chosen` = false AND `country` = 'RU' AND `timezone` = 'Europe/Kaliningrad';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'Europe/Kyiv' WHERE `timezone_chosen` = false AND `country` = 'UA' AND `timezone` = 'Europe/Simferopol';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'Pacific/Wake' WHERE `timezone_chosen` = false AND `country` = 'UM' AND `timezone` = 'Pacific/Midway';--> statement-breakpoint
UPDATE `people` SET `timezone` = 'Asia/Tashkent' WHERE `timezone_chosen` = false AND `country` = 'UZ' AND `timezone` = 'Asia/Samarkand';

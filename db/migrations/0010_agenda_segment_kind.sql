ALTER TABLE `agenda_segments` ADD `kind` text;--> statement-breakpoint
-- Segments stored before the column existed: the standard ones are known by their English titles.
UPDATE `agenda_segments` SET `kind` = CASE trim(`title`)
  WHEN 'Presentation from the focal country' THEN 'focal_presentation'
  WHEN 'Context and question from the discussant' THEN 'discussant_question'
  WHEN 'Response from the focal country' THEN 'focal_response'
  WHEN 'Experiences and questions from other countries' THEN 'other_countries'
  WHEN 'Close' THEN 'close'
END;

-- 0014: a conference report's place. Two provincial conferences of one kind on one day
-- ("Hội nghị xúc tiến đầu tư" of Bạc Liêu and of Vĩnh Long) differ only by where they are, and
-- a local event's reports often name no organiser: the province their organiser, name or venue
-- names, else the one their headline and lead name most, tells them apart and joins them
-- (pipelines/resolution/mentions.conference_place; docs/resolution.md). Rows stored before this
-- migration keep NULL (no evidence) until their story is extracted again (vnarchive reprocess).

ALTER TABLE conference_mentions ADD COLUMN place VARCHAR;
COMMENT ON COLUMN conference_mentions.place IS 'Province the report places the event in: its organiser''s, its name''s or venue''s, else the one the headline and lead name most; NULL when none. Compared for local events only.';

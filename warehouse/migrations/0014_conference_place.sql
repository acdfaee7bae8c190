-- 0014: a conference report's place and the figures its story quotes. Two provincial conferences of one kind on one day
-- ("Hội nghị xúc tiến đầu tư" of Bạc Liêu and of Vĩnh Long) differ only by where they are, and
-- a local event's reports often name no organiser: the province their organiser, name or venue
-- names, else the one their headline and lead name most, tells them apart and joins them
-- (pipelines/resolution/mentions.conference_place; docs/resolution.md). Independent rewrites of
-- one event quote the same figures ("30 dự án", "110.000 tỷ đồng"); two events hardly ever share
-- two (mentions.story_figures). Rows stored before this migration keep NULL (no evidence)
-- until their story is extracted again (vnarchive reprocess).

ALTER TABLE conference_mentions ADD COLUMN place VARCHAR;
COMMENT ON COLUMN conference_mentions.place IS 'Province the report places the event in: its organiser''s, its name''s or venue''s, else the one the headline and lead name most; NULL when none. Compared for local events only.';
ALTER TABLE conference_mentions ADD COLUMN figures VARCHAR[];
COMMENT ON COLUMN conference_mentions.figures IS 'Figures the story quotes (numbers of 100 and more, separators removed; not years, dates, symbols or powers of ten), sorted; compared between reports of conferences.';

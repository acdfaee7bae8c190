-- 0015: the MinHash of a conference report's story. Reports of one event share its words
-- (a speech's quoted phrases, figures, names, the agency copy a site rewrote); two events of one
-- week hardly share any, whatever their names (pipelines/resolution/conferences.py compares the
-- estimated Jaccard; docs/resolution.md). The signature is the one near-duplicate detection
-- computes for the story's body (article_copies.minhash), copied here so resolution reads one
-- table. Rows stored before this migration keep NULL (no evidence) until their story is
-- extracted again (vnarchive reprocess).

ALTER TABLE conference_mentions ADD COLUMN story_minhash BLOB;
COMMENT ON COLUMN conference_mentions.story_minhash IS 'MinHash signature (uint64 array, pipelines.dedupe) of the story''s body; compared between reports of conferences (estimated Jaccard).';

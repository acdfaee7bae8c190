-- 0016: story assignment looks up only what a batch touches (issue 13). The near-duplicate
-- candidates come from the band index beside the warehouse (warehouse/bands.py); exact duplicates
-- and the stories' other copies are point lookups here: by URL (primary key), by body hash and by
-- story (this index and the foreign key's).
CREATE INDEX article_copies_content_hash ON article_copies (content_hash);

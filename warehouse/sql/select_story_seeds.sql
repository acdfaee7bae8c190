-- Stories of the stored copies a batch touches: by URL (the batch's own pages and the
-- near-duplicate index's candidates) and by body hash (exact duplicates). The lists are literal
-- (warehouse/db.py sql_list): DuckDB uses the ART indexes of article_copies for `IN (literals)`,
-- not for a join or `= ANY($list)` (docs/warehouse.md "Per-run queries").
SELECT DISTINCT article_id FROM article_copies WHERE url IN ({urls})
UNION
SELECT DISTINCT article_id FROM article_copies WHERE content_hash IN ({hashes});

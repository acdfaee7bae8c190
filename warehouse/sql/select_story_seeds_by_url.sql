-- Stories of the stored copies a batch touches, by URL (the copies the near-duplicate index
-- names: pages fetched again, same bodies, candidates). The list is literal (warehouse/db.py
-- sql_list): DuckDB uses the ART index for `IN (literals)`, not for a join or `= ANY($list)`
-- (docs/warehouse.md "Per-run queries"). Never run with an empty list: `IN (NULL)` is planned
-- as a sequential scan.
SELECT DISTINCT article_id FROM article_copies WHERE url IN ({keys});

-- `vnarchive verify`: article pages whose capture row is missing or points at no WARC record
-- (the text would have no archived source).
SELECT c.url, c.capture_id, k.capture_id IS NULL AS missing
FROM article_copies c
LEFT JOIN captures k USING (capture_id)
WHERE k.capture_id IS NULL OR k.warc_file IS NULL OR k.warc_offset IS NULL
ORDER BY c.url;

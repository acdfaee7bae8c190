-- URLs one run captured, with whether an article page was extracted from them.
-- Parameters: run_id
SELECT k.url, k.status, k.error,
       EXISTS (SELECT 1 FROM article_copies a WHERE a.capture_id = k.capture_id OR a.url = k.url)
           AS is_article
FROM captures k
WHERE k.run_id = $run_id;

-- Parameters: start_urls. Pages fetched by the latest successful run over the same start URLs:
-- the expected total that the crawl progress artifact counts towards.
SELECT pages_fetched
FROM crawl_runs
WHERE list_sort(start_urls) = list_sort($start_urls)
  AND status IN ('completed', 'degraded')
  AND pages_fetched > 0
ORDER BY started_at DESC
LIMIT 1;

-- Parameters: source, run, k. For the source's k latest successful runs other than `run`: how
-- many article pages each run saw first, newest run first (the alert rule "no new articles from
-- a usually busy source"). Degraded runs count as history; failed runs do not.
WITH earlier AS (
    SELECT DISTINCT c.run_id, r.started_at
    FROM captures c
    JOIN crawl_runs r USING (run_id)
    WHERE c.source_id = $source AND c.run_id <> $run AND r.status IN ('completed', 'degraded')
    ORDER BY r.started_at DESC
    LIMIT $k
)
SELECT e.run_id, count(ac.url) AS new_pages
FROM earlier e
LEFT JOIN article_copies ac ON ac.first_run_id = e.run_id AND ac.source_id = $source
GROUP BY e.run_id, e.started_at
ORDER BY e.started_at DESC;

-- Parameters: source, run, k. For the source's k latest successful runs other than `run`: how
-- many article pages each run saw first, newest run first (the alert rule "no new articles from
-- a usually busy source"). Degraded runs count as history; failed runs do not.
-- Bounded by the source: its runs are found among its captures (captures.source_id index,
-- migration 0018; a source's history, not the archive's), their first pages by
-- article_copies.first_run_id (index) for those k runs only. The other conditions are kept out
-- of the indexed scans (DuckDB serves a scan from an index only when its one filter is on the
-- indexed column): the source of a run's first pages is an aggregate's FILTER.
WITH runs AS (
    SELECT DISTINCT run_id FROM captures WHERE source_id = $source
),
earlier AS (
    SELECT r.run_id, r.started_at
    FROM crawl_runs r
    WHERE r.run_id IN (SELECT run_id FROM runs) AND r.run_id <> $run
      AND r.status IN ('completed', 'degraded')
    ORDER BY r.started_at DESC
    LIMIT $k
),
firsts AS (
    SELECT url, first_run_id, source_id FROM article_copies
    WHERE first_run_id IN (SELECT run_id FROM earlier)
)
SELECT e.run_id, count(f.url) FILTER (WHERE f.source_id = $source) AS new_pages
FROM earlier e
LEFT JOIN firsts f ON f.first_run_id = e.run_id
GROUP BY e.run_id, e.started_at
ORDER BY e.started_at DESC;

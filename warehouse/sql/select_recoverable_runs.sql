-- Runs whose captures no later run has loaded yet: registered but never finished (the process
-- died) or stopped (cancelled, timed out). Recovery candidates for the next run of their sources.
-- Parameters: run_id (the current run, excluded)
SELECT run_id, status, message, start_urls
FROM crawl_runs
WHERE status IN ('running', 'cancelled') AND run_id <> $run_id
ORDER BY started_at;

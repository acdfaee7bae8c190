-- Runs registered but never finished (their process died): candidates for recovery.
-- Parameters: run_id (the current run, excluded)
SELECT run_id, started_at
FROM crawl_runs
WHERE status = 'running' AND run_id <> $run_id
ORDER BY started_at;

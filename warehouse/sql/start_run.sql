-- Parameters: run_id, started_at, start_urls
INSERT INTO crawl_runs (run_id, started_at, start_urls, status)
VALUES ($run_id, $started_at, $start_urls, 'running')
ON CONFLICT (run_id) DO NOTHING;

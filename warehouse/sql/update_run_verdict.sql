-- Parameters: run_id, status, message. The alert rules' verdict on a finished run (flows/reports.py):
-- `degraded` (loaded, with warnings) or `failed` (loaded, but the run failed its rules).
UPDATE crawl_runs SET status = $status, message = $message
WHERE run_id = $run_id AND status = 'completed';

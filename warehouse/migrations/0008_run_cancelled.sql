-- 0008: a run stopped on purpose (Prefect cancellation, Ctrl-C/SIGTERM, timeout) is recorded as
-- `cancelled` with the reason, and recovered by the next run of its sources (flows/frontier.py).

COMMENT ON COLUMN crawl_runs.status IS 'running (or its process died: recovered by the next run of its sources) | completed | degraded (loaded, but the alert rules warned: "Completed with warnings" on the dashboard) | failed (the run raised, or loaded but failed its alert rules) | cancelled (stopped: Prefect cancellation, Ctrl-C/SIGTERM, timeout; see message; recovered by the next run of its sources) | interrupted (died or cancelled mid-run; its captures were recovered by a later run, see message).';
COMMENT ON COLUMN crawl_runs.message IS 'Why, when status is degraded, failed or cancelled (the alert reason, the exception, the stop reason); recovery note (with the stop reason) when status = interrupted.';

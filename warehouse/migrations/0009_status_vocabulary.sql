-- 0009: one status vocabulary (issue 10). A source's run is completed, degraded or failed in the
-- run reports, the sources table artifact, the events (vnarchive.source.<status>) and here; the
-- Prefect state of a degraded run is a Completed state named "Degraded" (it was "Completed with
-- warnings"). Stored values do not change: crawl_runs always said completed/degraded/failed.

COMMENT ON COLUMN crawl_runs.status IS 'running (or its process died: recovered by the next run of its sources) | completed | degraded (loaded, but the alert rules warned: a Completed state named "Degraded" on the dashboard) | failed (the run raised, or loaded but failed its alert rules) | cancelled (stopped: Prefect cancellation, Ctrl-C/SIGTERM, timeout; see message; recovered by the next run of its sources) | interrupted (died or cancelled mid-run; its captures were recovered by a later run, see message). completed/degraded/failed are the statuses of the run reports and events too (flows/reports.py).';

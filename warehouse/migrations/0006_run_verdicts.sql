-- 0006: the run log carries the alert rules' verdict (flows/ops.py), so analysts querying
-- crawl_runs see what the Prefect dashboard shows. Runs finished before this migration keep
-- `completed`.

COMMENT ON COLUMN crawl_runs.status IS 'running | completed | degraded (loaded, but the alert rules warned: "Completed with warnings" on the dashboard) | failed (the run raised, or loaded but failed its alert rules) | interrupted (the crawl died; its captures were recovered by a later run, see message).';
COMMENT ON COLUMN crawl_runs.message IS 'Why, when status is degraded or failed (the alert reason or the exception); recovery note when status = interrupted.';

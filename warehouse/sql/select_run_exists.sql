-- Parameters: run_id. 1 if the run is registered in crawl_runs, else 0.
SELECT count(*) FROM crawl_runs WHERE run_id = $run_id;

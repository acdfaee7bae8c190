-- Parameters: run_id, finished_at, status, pages_fetched, fetch_errors, articles_seen, articles_new, message
UPDATE crawl_runs SET
    finished_at   = $finished_at,
    status        = $status,
    pages_fetched = $pages_fetched,
    fetch_errors  = $fetch_errors,
    articles_seen = $articles_seen,
    articles_new  = $articles_new,
    message       = $message
WHERE run_id = $run_id;

-- `vnarchive verify`: (run, URL) of every capture, archived or not: a WARC record of a URL the
-- run captured at another offset is an earlier attempt (a retry), not a lost page.
SELECT DISTINCT run_id, url FROM captures;

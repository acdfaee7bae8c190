-- Parameters: run_id. Where the run's loaded responses sit in the WARC archive, and when each was
-- fetched (reprocess matches archived records to loaded captures by WARC file and offset).
SELECT warc_file, warc_offset, fetched_at
FROM captures
WHERE run_id = $run_id AND warc_file IS NOT NULL AND status IS NOT NULL;

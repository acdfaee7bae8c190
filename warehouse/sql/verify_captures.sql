-- `vnarchive verify`: every capture that points into the WARC archive, in file order.
SELECT capture_id, run_id, url, warc_file, warc_offset, payload_digest, record_type
FROM captures
WHERE warc_file IS NOT NULL AND warc_offset IS NOT NULL
ORDER BY warc_file, warc_offset;

-- When each capture of a document load was fetched (by key): a page statement's seen_at.
SELECT capture_id, fetched_at
FROM captures
WHERE capture_id IN (SELECT id FROM staged_document_captures);

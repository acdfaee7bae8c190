-- The stored version of each touched document: a merged statement with another key is a new
-- version.
SELECT document_id, version, version_key, updated_at
FROM documents
WHERE document_id IN (SELECT id FROM staged_touched_documents);

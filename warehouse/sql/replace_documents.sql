-- The touched documents rewritten from their merged pages (warehouse/documents.py): the row,
-- its relations and missing-field reasons are replaced; versions are appended, never rewritten,
-- except that a document left without pages (its pages re-homed) goes with its versions.
DELETE FROM documents WHERE document_id IN (SELECT id FROM staged_touched_documents);
INSERT INTO documents BY NAME SELECT * FROM staged_documents;

DELETE FROM document_versions
WHERE document_id IN (SELECT id FROM staged_touched_documents)
  AND document_id NOT IN (SELECT document_id FROM staged_documents);
INSERT INTO document_versions BY NAME SELECT * FROM staged_document_versions;

DELETE FROM document_relations WHERE document_id IN (SELECT id FROM staged_touched_documents);
INSERT INTO document_relations BY NAME
SELECT *, NULL::VARCHAR AS target_document_id FROM staged_document_relations;

DELETE FROM document_missing WHERE document_id IN (SELECT id FROM staged_touched_documents);
INSERT INTO document_missing BY NAME SELECT * FROM staged_document_missing;

-- Targets, for the touched documents' edges and every edge that may point at one of them: the
-- document of a stored page at the target's link, else the one document of its symbol; NULL
-- when none or several.
UPDATE document_relations
SET target_document_id = coalesce(
    (SELECT min(p.document_id) FROM document_pages p
     WHERE p.page_url = document_relations.target_url
     HAVING count(DISTINCT p.document_id) = 1),
    (SELECT min(x.document_id) FROM documents x
     WHERE x.symbol = document_relations.target_symbol
     HAVING count(*) = 1)
)
WHERE document_id IN (SELECT id FROM staged_touched_documents)
   OR target_document_id IN (SELECT id FROM staged_touched_documents)
   OR target_symbol IN (SELECT symbol FROM staged_documents);

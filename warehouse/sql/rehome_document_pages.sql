-- Pages stored under a bare symbol (undated: a relation tab seen before its attribute page) join
-- the one dated document of that symbol once it is archived.
UPDATE document_pages
SET document_id = s.new_document_id
FROM staged_document_rehome s
WHERE document_pages.document_id = s.old_document_id;

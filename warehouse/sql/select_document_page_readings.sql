-- The stored statements of the pages a document load brings (by the primary key's page_url):
-- a page's new statement is stored only when it differs from the one before it.
SELECT page_url, capture_id, page_key, document_id, seen_at
FROM document_pages
WHERE page_url IN (SELECT id FROM staged_document_urls);

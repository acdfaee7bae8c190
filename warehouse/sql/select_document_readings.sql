-- Every statement of every page that has spoken of a touched document: the latest one of each
-- page says which document it is of now and what it states; the earliest dates the document.
SELECT *
FROM document_pages
WHERE page_url IN (
    SELECT page_url FROM document_pages
    WHERE document_id IN (SELECT id FROM staged_touched_documents)
);

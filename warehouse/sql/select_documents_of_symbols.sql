-- The stored documents of the symbols a document load brings: an undated page joins the one
-- dated document of its symbol.
SELECT document_id, symbol
FROM documents
WHERE symbol IN (SELECT id FROM staged_document_symbols);

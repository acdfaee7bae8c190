-- New or changed page statements (warehouse/documents.py decided which): raw, append-only.
INSERT INTO document_pages BY NAME
SELECT * FROM staged_document_pages;

-- Input: staged_attachments with the columns of attachments. One row per URL; a re-fetch
-- rewrites the row only when the text (or its failure) changed.
INSERT INTO attachments BY NAME
SELECT * FROM staged_attachments
QUALIFY row_number() OVER (PARTITION BY url ORDER BY extracted_at DESC, capture_id) = 1
ON CONFLICT (url) DO UPDATE SET
    capture_id   = excluded.capture_id,
    source_id    = excluded.source_id,
    content_type = excluded.content_type,
    kind         = excluded.kind,
    text         = excluded.text,
    pages        = excluded.pages,
    directives   = excluded.directives,
    error        = excluded.error,
    extracted_at = excluded.extracted_at
WHERE attachments.text IS DISTINCT FROM excluded.text
   OR attachments.error IS DISTINCT FROM excluded.error;

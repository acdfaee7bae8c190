-- 0005: document attachments (PDF / DOCX of directives) and the text read from them.

CREATE TABLE attachments (
    url           VARCHAR PRIMARY KEY,        -- attachment URL as crawled
    capture_id    VARCHAR NOT NULL REFERENCES captures (capture_id),
    source_id     VARCHAR REFERENCES sources (source_id),
    content_type  VARCHAR,
    kind          VARCHAR NOT NULL,           -- pdf | docx | doc | zip | unknown
    text          VARCHAR,                    -- NFC text; NULL when it could not be read
    pages         INTEGER,
    directives    VARCHAR[] NOT NULL,         -- directive symbols cited in the text
    error         VARCHAR,                    -- why no text (legacy .doc, no text layer, broken file)
    first_run_id  VARCHAR NOT NULL,
    extracted_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE attachments IS 'Core: one row per archived document attachment (PDF, DOCX, DOC) with the text a pure-Python reader got from it.';
COMMENT ON COLUMN attachments.url IS 'URL of the attachment as crawled.';
COMMENT ON COLUMN attachments.capture_id IS 'Capture (WARC record) the text was read from.';
COMMENT ON COLUMN attachments.source_id IS 'Site the attachment belongs to; NULL for off-registry URLs.';
COMMENT ON COLUMN attachments.content_type IS 'Content-Type header of the response.';
COMMENT ON COLUMN attachments.kind IS 'Format sniffed from the bytes: pdf, docx, doc, zip or unknown.';
COMMENT ON COLUMN attachments.text IS 'Extracted text, NFC, one line per text line / paragraph; NULL when unreadable (see error).';
COMMENT ON COLUMN attachments.pages IS 'Page count (PDF only).';
COMMENT ON COLUMN attachments.directives IS 'Canonical symbols of the directives cited in the text (e.g. 32-CT/TW), in order of first citation.';
COMMENT ON COLUMN attachments.error IS 'Why no text was extracted (legacy .doc, no text layer, damaged file); NULL on success.';
COMMENT ON COLUMN attachments.first_run_id IS 'Run that first stored the attachment.';
COMMENT ON COLUMN attachments.extracted_at IS 'When the current text was extracted.';

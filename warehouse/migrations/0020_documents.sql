-- 0020: legal documents as first-class records (issue 14): what document pages officially say
-- of a document (pipelines/legal_documents/model.py LegalDocument), stored as
--
-- * raw: document_pages, one row per change of what a page states (its first reading included):
--   an unchanged page seen again adds nothing;
-- * core: documents (one row per real document, the pages' statements merged), document_versions
--   (one row per distinct merged statement: a validity flip is a new version),
--   document_relations (edges the pages list) and document_missing (why a field is NULL);
-- * views: v_directive_documents / directives_official (the `directives` entity linked to the
--   archived document), v_documents_cited_at_conferences, v_amendment_chains,
--   v_documents_per_body_year.
--
-- Written by Warehouse.load_documents (warehouse/documents.py), never by resolution. No foreign
-- key points at these tables: a page re-homed to another document is an UPDATE.

CREATE TABLE document_pages (
    page_url           VARCHAR NOT NULL,
    capture_id         VARCHAR NOT NULL REFERENCES captures (capture_id),
    run_id             VARCHAR NOT NULL,
    seen_at            TIMESTAMPTZ NOT NULL,
    family             VARCHAR NOT NULL,
    document_id        VARCHAR NOT NULL,
    page_key           VARCHAR NOT NULL,
    symbol             VARCHAR,
    symbol_as_written  VARCHAR,
    doc_type           VARCHAR,
    issuer             VARCHAR,
    signer             VARCHAR,
    signer_title       VARCHAR,
    title              VARCHAR,
    summary            VARCHAR,
    issued_on          DATE,
    effective_on       DATE,
    expires_on         DATE,
    validity           VARCHAR,
    validity_reason    VARCHAR,
    field              VARCHAR,
    scope              VARCHAR,
    full_text          VARCHAR,
    attachments        STRUCT(url VARCHAR, label VARCHAR)[],
    relations          STRUCT(kind VARCHAR, target_symbol VARCHAR, target_title VARCHAR, target_url VARCHAR)[],
    missing            STRUCT(field VARCHAR, reason VARCHAR)[],
    PRIMARY KEY (page_url, capture_id)
);
CREATE INDEX document_pages_document_id ON document_pages (document_id);
COMMENT ON TABLE document_pages IS 'Raw: what one document page stated, one row per capture at which its statement changed (the first included); an unchanged page seen again adds nothing. The page''s current statement is its latest row.';
COMMENT ON COLUMN document_pages.page_url IS 'The document page (attribute, relation, detail page or listing row''s page) as fetched.';
COMMENT ON COLUMN document_pages.capture_id IS 'The fetch that gave this statement (captures.capture_id): the exact archived bytes.';
COMMENT ON COLUMN document_pages.run_id IS 'Run that loaded it.';
COMMENT ON COLUMN document_pages.seen_at IS 'When that capture was fetched (captures.fetched_at).';
COMMENT ON COLUMN document_pages.family IS 'Parser family that read the page: vbpl (national database), chinhphu (Government portal), party_archive, provincial_table.';
COMMENT ON COLUMN document_pages.document_id IS 'The document the page speaks of (documents.document_id); rewritten when an undated page is re-homed to the one dated document of its symbol.';
COMMENT ON COLUMN document_pages.page_key IS 'LegalDocument.version_key() of this page''s statement: a new row only when it differs from the page''s latest.';
COMMENT ON COLUMN document_pages.symbol IS 'Canonical số, ký hiệu as the page gives it (NULL: the page gives none readable, see missing).';
COMMENT ON COLUMN document_pages.symbol_as_written IS 'Số, ký hiệu as written on the page.';
COMMENT ON COLUMN document_pages.doc_type IS 'Loại văn bản as the page states it.';
COMMENT ON COLUMN document_pages.issuer IS 'Cơ quan ban hành as the page states it.';
COMMENT ON COLUMN document_pages.signer IS 'Người ký as the page states it.';
COMMENT ON COLUMN document_pages.signer_title IS 'Chức danh of the signer as the page states it.';
COMMENT ON COLUMN document_pages.title IS 'Title as the page states it.';
COMMENT ON COLUMN document_pages.summary IS 'Trích yếu as the page states it.';
COMMENT ON COLUMN document_pages.issued_on IS 'Ngày ban hành as the page states it.';
COMMENT ON COLUMN document_pages.effective_on IS 'Ngày có hiệu lực as the page states it.';
COMMENT ON COLUMN document_pages.expires_on IS 'Ngày hết hiệu lực as the page states it.';
COMMENT ON COLUMN document_pages.validity IS 'Tình trạng hiệu lực as the page states it: còn hiệu lực | hết hiệu lực toàn bộ | hết hiệu lực một phần | chưa có hiệu lực.';
COMMENT ON COLUMN document_pages.validity_reason IS 'Lý do hết hiệu lực (or phần hết hiệu lực) as the page states it.';
COMMENT ON COLUMN document_pages.field IS 'Lĩnh vực as the page states it.';
COMMENT ON COLUMN document_pages.scope IS 'Phạm vi as the page states it.';
COMMENT ON COLUMN document_pages.full_text IS 'The page''s HTML body as text (the full text), when the page carries it.';
COMMENT ON COLUMN document_pages.attachments IS 'Files the page offers (url, label): the full text as PDF/DOC/DOCX, archived as attachments.';
COMMENT ON COLUMN document_pages.relations IS 'Related documents the page lists (kind from this document''s side, target symbol, title, link).';
COMMENT ON COLUMN document_pages.missing IS 'Fields the page lacks or gives in an unknown form, each with the parser''s reason.';

CREATE TABLE documents (
    document_id        VARCHAR PRIMARY KEY,
    symbol             VARCHAR,
    symbol_as_written  VARCHAR,
    doc_type           VARCHAR,
    issuer             VARCHAR,
    signer             VARCHAR,
    signer_title       VARCHAR,
    title              VARCHAR,
    summary            VARCHAR,
    issued_on          DATE,
    effective_on       DATE,
    expires_on         DATE,
    validity           VARCHAR,
    validity_reason    VARCHAR,
    field              VARCHAR,
    scope              VARCHAR,
    full_text          VARCHAR,
    attachments        STRUCT(url VARCHAR, label VARCHAR)[],
    field_pages        MAP(VARCHAR, VARCHAR),
    family             VARCHAR NOT NULL,
    page_url           VARCHAR NOT NULL,
    pages              INTEGER NOT NULL,
    version            INTEGER NOT NULL,
    version_key        VARCHAR NOT NULL,
    first_seen_at      TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_symbol ON documents (symbol);
COMMENT ON TABLE documents IS 'Core: one row per real legal document, the current statements of all its pages merged (docs/warehouse.md "Legal documents"): the official fields as they stand now.';
COMMENT ON COLUMN documents.document_id IS 'warehouse/keys.py document_id: symbol@year like directives.directive_id (year inside the symbol, else of the issue date; the bare symbol when neither is known), so a linked directive shares it; page:<md5 of the page URL> for a page that gives no symbol.';
COMMENT ON COLUMN documents.symbol IS 'Canonical số, ký hiệu (25-CT/TW, 30/2020/NĐ-CP).';
COMMENT ON COLUMN documents.symbol_as_written IS 'Số, ký hiệu as the winning page writes it.';
COMMENT ON COLUMN documents.doc_type IS 'Loại văn bản: Chỉ thị, Nghị định, Quyết định, Luật ...';
COMMENT ON COLUMN documents.issuer IS 'Cơ quan ban hành.';
COMMENT ON COLUMN documents.signer IS 'Người ký.';
COMMENT ON COLUMN documents.signer_title IS 'Chức danh of the signer.';
COMMENT ON COLUMN documents.title IS 'Title.';
COMMENT ON COLUMN documents.summary IS 'Trích yếu.';
COMMENT ON COLUMN documents.issued_on IS 'Ngày ban hành.';
COMMENT ON COLUMN documents.effective_on IS 'Ngày có hiệu lực.';
COMMENT ON COLUMN documents.expires_on IS 'Ngày hết hiệu lực.';
COMMENT ON COLUMN documents.validity IS 'Current tình trạng hiệu lực: còn hiệu lực | hết hiệu lực toàn bộ | hết hiệu lực một phần | chưa có hiệu lực; NULL with its reason in document_missing.';
COMMENT ON COLUMN documents.validity_reason IS 'Lý do hết hiệu lực / phần hết hiệu lực.';
COMMENT ON COLUMN documents.field IS 'Lĩnh vực.';
COMMENT ON COLUMN documents.scope IS 'Phạm vi.';
COMMENT ON COLUMN documents.full_text IS 'Full text from the best-ranked page carrying one (not part of the version: a re-rendered body is no new version).';
COMMENT ON COLUMN documents.attachments IS 'Files offered by the document''s pages (url, label), each once.';
COMMENT ON COLUMN documents.field_pages IS 'Provenance per field: field name -> page_url of the page whose statement the row kept.';
COMMENT ON COLUMN documents.family IS 'Family of the best-ranked page (vbpl > chinhphu > party_archive > provincial_table > others).';
COMMENT ON COLUMN documents.page_url IS 'The best-ranked page.';
COMMENT ON COLUMN documents.pages IS 'Pages whose current statement is of this document.';
COMMENT ON COLUMN documents.version IS 'Current version number (document_versions.version), 1 for the first.';
COMMENT ON COLUMN documents.version_key IS 'LegalDocument.version_key() of the merged statement: official fields and relations.';
COMMENT ON COLUMN documents.first_seen_at IS 'When the first capture of any of its pages was fetched.';
COMMENT ON COLUMN documents.updated_at IS 'When the capture that made the current version was fetched.';

CREATE TABLE document_versions (
    document_id      VARCHAR NOT NULL,
    version          INTEGER NOT NULL,
    version_key      VARCHAR NOT NULL,
    symbol           VARCHAR,
    doc_type         VARCHAR,
    issuer           VARCHAR,
    signer           VARCHAR,
    signer_title     VARCHAR,
    title            VARCHAR,
    summary          VARCHAR,
    issued_on        DATE,
    effective_on     DATE,
    expires_on       DATE,
    validity         VARCHAR,
    validity_reason  VARCHAR,
    field            VARCHAR,
    scope            VARCHAR,
    relations        STRUCT(kind VARCHAR, target_symbol VARCHAR, target_title VARCHAR, target_url VARCHAR)[],
    run_id           VARCHAR NOT NULL,
    page_url         VARCHAR NOT NULL,
    capture_id       VARCHAR NOT NULL,
    seen_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, version)
);
COMMENT ON TABLE document_versions IS 'Core: one row per distinct merged statement of a document (a new version_key), in order; a validity flip from còn hiệu lực to hết hiệu lực is a new row. Never rewritten.';
COMMENT ON COLUMN document_versions.document_id IS 'The document (documents.document_id).';
COMMENT ON COLUMN document_versions.version IS '1, 2, ... in the order the statements were seen.';
COMMENT ON COLUMN document_versions.version_key IS 'LegalDocument.version_key() of the merged statement.';
COMMENT ON COLUMN document_versions.symbol IS 'Số, ký hiệu in this version.';
COMMENT ON COLUMN document_versions.doc_type IS 'Loại văn bản in this version.';
COMMENT ON COLUMN document_versions.issuer IS 'Cơ quan ban hành in this version.';
COMMENT ON COLUMN document_versions.signer IS 'Người ký in this version.';
COMMENT ON COLUMN document_versions.signer_title IS 'Chức danh in this version.';
COMMENT ON COLUMN document_versions.title IS 'Title in this version.';
COMMENT ON COLUMN document_versions.summary IS 'Trích yếu in this version.';
COMMENT ON COLUMN document_versions.issued_on IS 'Ngày ban hành in this version.';
COMMENT ON COLUMN document_versions.effective_on IS 'Ngày có hiệu lực in this version.';
COMMENT ON COLUMN document_versions.expires_on IS 'Ngày hết hiệu lực in this version.';
COMMENT ON COLUMN document_versions.validity IS 'Tình trạng hiệu lực in this version.';
COMMENT ON COLUMN document_versions.validity_reason IS 'Lý do hết hiệu lực in this version.';
COMMENT ON COLUMN document_versions.field IS 'Lĩnh vực in this version.';
COMMENT ON COLUMN document_versions.scope IS 'Phạm vi in this version.';
COMMENT ON COLUMN document_versions.relations IS 'Relations listed in this version (kind, target symbol, title, link).';
COMMENT ON COLUMN document_versions.run_id IS 'Run whose load first saw this version.';
COMMENT ON COLUMN document_versions.page_url IS 'Page whose changed statement made this version.';
COMMENT ON COLUMN document_versions.capture_id IS 'Capture of that page (captures.capture_id).';
COMMENT ON COLUMN document_versions.seen_at IS 'When that capture was fetched.';

CREATE TABLE document_relations (
    document_id         VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL,
    target_symbol       VARCHAR,
    target_title        VARCHAR,
    target_url          VARCHAR,
    target_document_id  VARCHAR,
    page_url            VARCHAR NOT NULL
);
CREATE INDEX document_relations_document_id ON document_relations (document_id);
CREATE INDEX document_relations_target_symbol ON document_relations (target_symbol);
COMMENT ON TABLE document_relations IS 'Core: relations of the current version, one edge per related document a page lists (rewritten with the document).';
COMMENT ON COLUMN document_relations.document_id IS 'The document whose page lists the relation.';
COMMENT ON COLUMN document_relations.kind IS 'From this document''s side: căn cứ | thay thế | bị thay thế | sửa đổi, bổ sung | bị sửa đổi, bổ sung | hướng dẫn | được hướng dẫn | bãi bỏ | bị bãi bỏ.';
COMMENT ON COLUMN document_relations.target_symbol IS 'Canonical symbol of the related document, as the page lists it (NULL: none readable).';
COMMENT ON COLUMN document_relations.target_title IS 'Its title, when listed.';
COMMENT ON COLUMN document_relations.target_url IS 'Its link, when listed.';
COMMENT ON COLUMN document_relations.target_document_id IS 'The related document when it is archived: the document of a page at target_url, else the one document of target_symbol; NULL when none or several.';
COMMENT ON COLUMN document_relations.page_url IS 'The best-ranked page listing the relation.';

CREATE TABLE document_missing (
    document_id  VARCHAR NOT NULL,
    field        VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    page_url     VARCHAR NOT NULL,
    PRIMARY KEY (document_id, field, page_url)
);
COMMENT ON TABLE document_missing IS 'Core: why a field of a documents row is NULL: each page of the document that lacks it, with the parser''s reason (a field any page gives is not missing). Rewritten with the document.';
COMMENT ON COLUMN document_missing.document_id IS 'The document (documents.document_id).';
COMMENT ON COLUMN document_missing.field IS 'LegalDocument field name (validity, issuer, signer ...).';
COMMENT ON COLUMN document_missing.reason IS 'Why the page gives no value: absent, unknown form ... as its parser says.';
COMMENT ON COLUMN document_missing.page_url IS 'The page that lacks it.';

-- -- views ---------------------------------------------------------------------------------------

-- The `directives` entity (written by resolution, from news citations) and the archived
-- document: the shared id first; else a directive of a symbol with a year joins the one document
-- of that symbol and year (resolution ids a symbol with its year inside without @year); else an
-- undated directive joins the one document of its symbol. A local directive (locality set) only
-- joins a document whose issuer names its locality. Several candidates: no link.
CREATE VIEW v_directive_documents AS
WITH by_id AS (
    SELECT d.directive_id, x.document_id, 'id' AS link_method
    FROM directives d
    JOIN documents x ON x.document_id = d.directive_id
),
by_symbol AS (
    SELECT d.directive_id, any_value(x.document_id) AS document_id,
           CASE WHEN d.year IS NULL THEN 'only-document-of-symbol' ELSE 'symbol-year' END
               AS link_method
    FROM directives d
    JOIN documents x
      ON x.symbol = d.symbol
     AND (d.year IS NULL OR year(x.issued_on) = d.year)
     -- a local document (456/KH-UBND of one province) only from a body of its locality
     AND (d.locality IS NULL OR contains(lower(x.issuer), lower(d.locality)))
    WHERE d.directive_id NOT IN (SELECT directive_id FROM by_id)
    GROUP BY d.directive_id, d.year
    HAVING count(*) = 1
)
SELECT * FROM by_id
UNION ALL
SELECT * FROM by_symbol;
COMMENT ON VIEW v_directive_documents IS 'The archived document each directive entity (cited in news) is: the authority citations resolve against. One row per linked directive.';
COMMENT ON COLUMN v_directive_documents.directive_id IS 'directives.directive_id.';
COMMENT ON COLUMN v_directive_documents.document_id IS 'documents.document_id.';
COMMENT ON COLUMN v_directive_documents.link_method IS 'id (same id) | symbol-year (the one document of its symbol and year) | only-document-of-symbol (undated directive, one document of the symbol).';

CREATE VIEW directives_official AS
SELECT
    d.directive_id,
    l.document_id,
    l.link_method,
    d.symbol,
    coalesce(x.doc_type, d.doc_type) AS doc_type,
    coalesce(x.issuer, d.issuer_name) AS issuer_name,
    CASE WHEN x.issuer IS NOT NULL THEN 'document' ELSE d.issuer_source END AS issuer_source,
    coalesce(x.issued_on, d.issued_on) AS issued_on,
    coalesce(x.title, x.summary, d.subject) AS subject,
    x.signer,
    x.effective_on,
    x.expires_on,
    x.validity,
    x.validity_reason,
    d.mentions
FROM directives d
LEFT JOIN v_directive_documents l USING (directive_id)
LEFT JOIN documents x ON x.document_id = l.document_id;
COMMENT ON VIEW directives_official IS 'Every directive entity with its official fields taken from the archived document when linked (v_directive_documents), else what the citations state.';
COMMENT ON COLUMN directives_official.directive_id IS 'directives.directive_id.';
COMMENT ON COLUMN directives_official.document_id IS 'The linked document; NULL when none is archived (or several could be it).';
COMMENT ON COLUMN directives_official.link_method IS 'How the document was linked (v_directive_documents.link_method).';
COMMENT ON COLUMN directives_official.symbol IS 'Canonical số, ký hiệu.';
COMMENT ON COLUMN directives_official.doc_type IS 'The document''s type, else the citations''.';
COMMENT ON COLUMN directives_official.issuer_name IS 'The document''s issuing body, else the citations''.';
COMMENT ON COLUMN directives_official.issuer_source IS 'document (the archived page states it) | stated (citations) | symbol (implied by the issuer code).';
COMMENT ON COLUMN directives_official.issued_on IS 'The document''s issue date, else the citations''.';
COMMENT ON COLUMN directives_official.subject IS 'The document''s title (else its trích yếu), else the citations'' subject.';
COMMENT ON COLUMN directives_official.signer IS 'Người ký (document only).';
COMMENT ON COLUMN directives_official.effective_on IS 'Ngày có hiệu lực (document only).';
COMMENT ON COLUMN directives_official.expires_on IS 'Ngày hết hiệu lực (document only).';
COMMENT ON COLUMN directives_official.validity IS 'Current tình trạng hiệu lực (document only).';
COMMENT ON COLUMN directives_official.validity_reason IS 'Lý do hết hiệu lực (document only).';
COMMENT ON COLUMN directives_official.mentions IS 'Citations resolved to the directive.';

-- Each aggregate apart, then joined (no fan-out between conferences and replacements).
CREATE VIEW v_documents_cited_at_conferences AS
WITH held AS (
    SELECT l.document_id,
           count(DISTINCT cd.conference_id) AS conferences,
           min(c.held_on) AS first_conference_on,
           max(c.held_on) AS last_conference_on
    FROM conference_directives cd
    JOIN v_directive_documents l USING (directive_id)
    JOIN conferences c USING (conference_id)
    GROUP BY l.document_id
),
replaced AS (
    -- by_side: this document's page says "bị thay thế"; other side: another page says "thay thế"
    SELECT document_id, list(DISTINCT by_symbol ORDER BY by_symbol) AS replaced_by
    FROM (
        SELECT document_id, target_symbol AS by_symbol FROM document_relations
        WHERE kind = 'bị thay thế' AND target_symbol IS NOT NULL
        UNION
        SELECT r.target_document_id, x.symbol FROM document_relations r
        JOIN documents x ON x.document_id = r.document_id
        WHERE r.kind = 'thay thế' AND r.target_document_id IS NOT NULL AND x.symbol IS NOT NULL
    )
    GROUP BY document_id
),
versions AS (
    SELECT document_id, count(*) AS versions FROM document_versions GROUP BY document_id
)
SELECT
    x.document_id, x.symbol, x.doc_type, x.issuer, x.issued_on, x.title,
    x.validity, x.validity_reason, x.expires_on,
    coalesce(r.replaced_by, []) AS replaced_by,
    h.conferences, h.first_conference_on, h.last_conference_on,
    v.versions
FROM held h
JOIN documents x USING (document_id)
LEFT JOIN replaced r USING (document_id)
LEFT JOIN versions v USING (document_id);
COMMENT ON VIEW v_documents_cited_at_conferences IS 'Archived documents that conferences disseminated (conference_directives through v_directive_documents), with their current validity and what replaced them.';
COMMENT ON COLUMN v_documents_cited_at_conferences.document_id IS 'documents.document_id.';
COMMENT ON COLUMN v_documents_cited_at_conferences.symbol IS 'Số, ký hiệu.';
COMMENT ON COLUMN v_documents_cited_at_conferences.doc_type IS 'Loại văn bản.';
COMMENT ON COLUMN v_documents_cited_at_conferences.issuer IS 'Cơ quan ban hành.';
COMMENT ON COLUMN v_documents_cited_at_conferences.issued_on IS 'Ngày ban hành.';
COMMENT ON COLUMN v_documents_cited_at_conferences.title IS 'Title.';
COMMENT ON COLUMN v_documents_cited_at_conferences.validity IS 'Current tình trạng hiệu lực.';
COMMENT ON COLUMN v_documents_cited_at_conferences.validity_reason IS 'Lý do hết hiệu lực.';
COMMENT ON COLUMN v_documents_cited_at_conferences.expires_on IS 'Ngày hết hiệu lực.';
COMMENT ON COLUMN v_documents_cited_at_conferences.replaced_by IS 'Symbols of the documents replacing it (its own "bị thay thế" list, or another archived document''s "thay thế" pointing at it); empty when none.';
COMMENT ON COLUMN v_documents_cited_at_conferences.conferences IS 'Distinct conferences that disseminated it.';
COMMENT ON COLUMN v_documents_cited_at_conferences.first_conference_on IS 'Earliest such conference''s date.';
COMMENT ON COLUMN v_documents_cited_at_conferences.last_conference_on IS 'Latest such conference''s date.';
COMMENT ON COLUMN v_documents_cited_at_conferences.versions IS 'Versions of the document seen (2 or more: its official fields changed since first archived).';

-- Amendment chains: edges "later acts on earlier" for sửa đổi, bổ sung and thay thế, from
-- either side's page, between archived documents; followed transitively, cycles cut.
CREATE VIEW v_amendment_chains AS
WITH RECURSIVE edges AS (
    SELECT DISTINCT later, earlier, kind FROM (
        SELECT document_id AS later, target_document_id AS earlier,
               CASE kind WHEN 'thay thế' THEN 'replaces' ELSE 'amends' END AS kind
        FROM document_relations
        WHERE kind IN ('thay thế', 'sửa đổi, bổ sung') AND target_document_id IS NOT NULL
        UNION ALL
        SELECT target_document_id, document_id,
               CASE kind WHEN 'bị thay thế' THEN 'replaces' ELSE 'amends' END
        FROM document_relations
        WHERE kind IN ('bị thay thế', 'bị sửa đổi, bổ sung') AND target_document_id IS NOT NULL
    )
    WHERE later <> earlier
),
chain (document_id, acts_on_document_id, depth, path, kinds) AS (
    SELECT later, earlier, 1, [later, earlier], [kind] FROM edges
    UNION ALL
    SELECT c.document_id, e.earlier, c.depth + 1, list_append(c.path, e.earlier),
           list_append(c.kinds, e.kind)
    FROM chain c
    JOIN edges e ON e.later = c.acts_on_document_id
    WHERE NOT list_contains(c.path, e.earlier)
)
SELECT c.document_id, d.symbol, c.acts_on_document_id, t.symbol AS acts_on_symbol,
       c.depth, c.path, c.kinds
FROM chain c
JOIN documents d ON d.document_id = c.document_id
JOIN documents t ON t.document_id = c.acts_on_document_id;
COMMENT ON VIEW v_amendment_chains IS 'Amendment and replacement chains between archived documents: one row per path from a later document to an earlier one it amends or replaces, directly (depth 1) or through others.';
COMMENT ON COLUMN v_amendment_chains.document_id IS 'The later document (the one acting).';
COMMENT ON COLUMN v_amendment_chains.symbol IS 'Its symbol.';
COMMENT ON COLUMN v_amendment_chains.acts_on_document_id IS 'The earlier document it amends or replaces, through the chain.';
COMMENT ON COLUMN v_amendment_chains.acts_on_symbol IS 'Its symbol.';
COMMENT ON COLUMN v_amendment_chains.depth IS 'Edges on the path: 1 = directly.';
COMMENT ON COLUMN v_amendment_chains.path IS 'document_ids from the later to the earlier document.';
COMMENT ON COLUMN v_amendment_chains.kinds IS 'Each edge''s kind along the path: amends | replaces.';

CREATE VIEW v_documents_per_body_year AS
SELECT
    issuer,
    year(issued_on) AS year,
    count(*) AS documents,
    count(*) FILTER (WHERE validity = 'còn hiệu lực') AS in_force,
    count(*) FILTER (WHERE validity IN ('hết hiệu lực toàn bộ', 'hết hiệu lực một phần'))
        AS expired_wholly_or_partly,
    count(*) FILTER (WHERE validity IS NULL) AS validity_unknown
FROM documents
GROUP BY ALL;
COMMENT ON VIEW v_documents_per_body_year IS 'Archived documents per issuing body and year of issue (NULL issuer or year: not stated, see document_missing).';
COMMENT ON COLUMN v_documents_per_body_year.issuer IS 'Cơ quan ban hành.';
COMMENT ON COLUMN v_documents_per_body_year.year IS 'Year of ngày ban hành.';
COMMENT ON COLUMN v_documents_per_body_year.documents IS 'Documents.';
COMMENT ON COLUMN v_documents_per_body_year.in_force IS 'Of them, còn hiệu lực now.';
COMMENT ON COLUMN v_documents_per_body_year.expired_wholly_or_partly IS 'Of them, hết hiệu lực toàn bộ or một phần now.';
COMMENT ON COLUMN v_documents_per_body_year.validity_unknown IS 'Of them, with no validity stated.';

-- 0010: entity resolution (issue 11). Two layers instead of one:
--
-- * mentions: what each story said, exactly as written (conference_mentions, person_mentions,
--   directive_mentions: one row per citation, directive_relation_mentions). Written by the load
--   from extraction (flows/rows.py); a re-extracted story's mentions are replaced, a merged
--   story's mentions move with it. Each mention carries the entity it resolved to, the rule that
--   decided (link_method) and how surely (link_confidence); NULL until resolved.
-- * entities: one row per real thing (conferences, directives, people, positions,
--   organizations, organization_aliases, conference_participants, conference_directives,
--   directive_relations). Written only by resolution (flows/resolve.py, `vnarchive resolve`):
--   derived data, rewritten whenever the mentions they stand for change, so no foreign key
--   points from a mention to an entity (ids are recomputed) and entity rows hold no foreign keys
--   of their own; mentions point at their story (articles) as before.
--
-- An existing warehouse: the old entity tables were derived from extraction. What they can say
-- about mentions is moved into the mention tables (directive citations, conference reports and
-- their participants, with the fields the old extraction had; the new fields are NULL), the old
-- tables are dropped, and resolution_state asks the next resolve to rebuild everything.
-- `vnarchive reprocess` re-extracts every story from the archive, so its mentions are then
-- exactly as the current extraction writes them (bridge points, stated issuers, localities …).

-- Views read the tables replaced below: dropped here, recreated at the end.
DROP VIEW v_directive_citations;
DROP VIEW v_conference_calendar;
DROP VIEW v_site_activity;
DROP VIEW v_people_roles;

-- -- what the old tables knew, kept while they are replaced -------------------------------------
CREATE TEMP TABLE old_directive_mentions AS
SELECT
    m.article_id,
    m.sentence,
    d.symbol,
    d.doc_type,
    d.number,
    d.year,
    d.issuer_code,
    d.issued_on,
    d.subject,
    row_number() OVER (PARTITION BY m.article_id ORDER BY d.symbol, d.directive_id) - 1 AS ordinal
FROM directive_mentions m
JOIN directives d USING (directive_id);

CREATE TEMP TABLE old_conference_mentions AS
SELECT
    ca.article_id,
    c.conference_id AS old_conference_id,
    c.name, c.kind, c.period, c.held_on, c.organizer, c.format, c.location,
    a.source_id,
    a.published_on,
    row_number() OVER (PARTITION BY ca.article_id ORDER BY c.held_on, c.name, c.conference_id) - 1
        AS ordinal
FROM conference_articles ca
JOIN conferences c USING (conference_id)
JOIN articles a USING (article_id);

CREATE TEMP TABLE old_person_mentions AS
SELECT
    m.article_id,
    m.old_conference_id,
    m.ordinal AS conference_ordinal,
    cp.role,
    p.name,
    cp.position,
    m.held_on,
    m.published_on,
    row_number() OVER (PARTITION BY m.article_id ORDER BY m.ordinal, cp.role, p.name) - 1 AS ordinal
FROM old_conference_mentions m
JOIN conference_participants cp ON cp.conference_id = m.old_conference_id
JOIN people p USING (person_id);

-- Children before parents: foreign keys forbid the other order.
DROP TABLE conference_participants;
DROP TABLE conference_articles;
DROP TABLE directive_relations;
DROP TABLE directive_mentions;
DROP TABLE positions;
DROP TABLE conferences;
DROP TABLE directives;
DROP TABLE people;
DROP TABLE organizations;

-- -- mentions layer -------------------------------------------------------------------------------

CREATE TABLE conference_mentions (
    mention_id       VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL REFERENCES articles (article_id),
    ordinal          INTEGER NOT NULL,
    source_id        VARCHAR,
    source_province  VARCHAR,
    published_on     DATE,
    name             VARCHAR,
    kind             VARCHAR,
    period           VARCHAR,
    held_on          DATE,
    held_until       DATE,
    organizer        VARCHAR,
    format           VARCHAR,
    location         VARCHAR,
    bridge_point     VARCHAR,
    nationwide       BOOLEAN NOT NULL DEFAULT false,
    status           VARCHAR NOT NULL DEFAULT 'held',
    directives       VARCHAR[],
    chairs           VARCHAR[],
    speakers         VARCHAR[],
    event_day        DATE,
    conference_id    VARCHAR,
    link_method      VARCHAR,
    link_confidence  DOUBLE
);
COMMENT ON TABLE conference_mentions IS 'Mentions: one conference as one story reports it, exactly as written, and the conference it resolved to.';
COMMENT ON COLUMN conference_mentions.mention_id IS 'md5 of (article_id, ''conference'', ordinal) (warehouse/keys.py mention_id).';
COMMENT ON COLUMN conference_mentions.article_id IS 'Reporting story.';
COMMENT ON COLUMN conference_mentions.ordinal IS 'Position of the conference among the story''s extracted conferences (0-based).';
COMMENT ON COLUMN conference_mentions.source_id IS 'Site of the story''s copy the mention was extracted from.';
COMMENT ON COLUMN conference_mentions.source_province IS 'Province of that site (sites.Source.province); NULL for a national site.';
COMMENT ON COLUMN conference_mentions.published_on IS 'Publication date of the story.';
COMMENT ON COLUMN conference_mentions.name IS 'Conference name as written.';
COMMENT ON COLUMN conference_mentions.kind IS 'báo cáo viên, thông tin chuyên đề, quán triệt, sơ kết, tổng kết ...';
COMMENT ON COLUMN conference_mentions.period IS 'Reporting period in the name as written: "quý IV/2022", "tháng 10/2021".';
COMMENT ON COLUMN conference_mentions.held_on IS 'Date held as the story gives it (first day of a multi-day event).';
COMMENT ON COLUMN conference_mentions.held_until IS 'Last day of a multi-day event, when stated.';
COMMENT ON COLUMN conference_mentions.organizer IS 'Organising body as written.';
COMMENT ON COLUMN conference_mentions.format IS 'trực tuyến | trực tiếp | trực tiếp kết hợp trực tuyến; NULL when not stated.';
COMMENT ON COLUMN conference_mentions.location IS 'Venue as written.';
COMMENT ON COLUMN conference_mentions.bridge_point IS 'The locality this report speaks from ("tại điểm cầu tỉnh Hải Phòng" → "tỉnh Hải Phòng"); NULL for the main venue or a national report.';
COMMENT ON COLUMN conference_mentions.nationwide IS 'The story calls the event national ("toàn quốc", "cả nước", "toàn quân").';
COMMENT ON COLUMN conference_mentions.status IS 'held | planned (a preview: "sẽ tổ chức", "chuẩn bị tổ chức").';
COMMENT ON COLUMN conference_mentions.directives IS 'Canonical symbols the conference disseminated, named in its name or agenda sentence.';
COMMENT ON COLUMN conference_mentions.chairs IS 'Name keys of its chairs (bridge-point chairs included).';
COMMENT ON COLUMN conference_mentions.speakers IS 'Name keys of its speakers.';
COMMENT ON COLUMN conference_mentions.event_day IS 'held_on, else published_on: the day resolution blocks on.';
COMMENT ON COLUMN conference_mentions.conference_id IS 'The conference this report resolved to (conferences.conference_id); NULL until resolved.';
COMMENT ON COLUMN conference_mentions.link_method IS 'splink (joined to other reports by scored pairs) | single (no other report matched).';
COMMENT ON COLUMN conference_mentions.link_confidence IS 'How surely the report belongs to its conference, 0..1 (best match probability of its accepted pairs; 1 for a single).';

CREATE TABLE person_mentions (
    mention_id             VARCHAR PRIMARY KEY,
    article_id             VARCHAR NOT NULL REFERENCES articles (article_id),
    conference_mention_id  VARCHAR,
    role                   VARCHAR NOT NULL,
    name                   VARCHAR NOT NULL,
    name_key               VARCHAR NOT NULL,
    position               VARCHAR,
    organization           VARCHAR,
    seen_on                DATE,
    source_province        VARCHAR,
    person_id              VARCHAR,
    link_method            VARCHAR,
    link_confidence        DOUBLE
);
CREATE INDEX person_mentions_name_key ON person_mentions (name_key);
COMMENT ON TABLE person_mentions IS 'Mentions: one person named with a role in one conference report, as written, and the person it resolved to.';
COMMENT ON COLUMN person_mentions.mention_id IS 'md5 of (article_id, ''person'', ordinal).';
COMMENT ON COLUMN person_mentions.article_id IS 'Story naming the person.';
COMMENT ON COLUMN person_mentions.conference_mention_id IS 'The conference report (conference_mentions.mention_id) the person chaired or addressed.';
COMMENT ON COLUMN person_mentions.role IS 'chair | bridge_chair (chairing at a bridge point) | speaker.';
COMMENT ON COLUMN person_mentions.name IS 'Full name as written (đồng chí and titles removed).';
COMMENT ON COLUMN person_mentions.name_key IS 'pipelines.resolution.names.name_key(name): tone placement, Đ look-alikes, case and spacing unified; the unit of resolution.';
COMMENT ON COLUMN person_mentions.position IS 'Position title as written ("Phó Bí thư").';
COMMENT ON COLUMN person_mentions.organization IS 'Organisation of the position as written.';
COMMENT ON COLUMN person_mentions.seen_on IS 'Event date, else publication date: when the position was seen held.';
COMMENT ON COLUMN person_mentions.source_province IS 'Province of the reporting site (NULL: national site): places a placeless "Tỉnh ủy".';
COMMENT ON COLUMN person_mentions.person_id IS 'The person it resolved to (people.person_id); NULL: a bare name shared by several people, or not yet resolved.';
COMMENT ON COLUMN person_mentions.link_method IS 'Rule that decided (pipelines/resolution/people.py), or the ambiguity when unresolved.';
COMMENT ON COLUMN person_mentions.link_confidence IS 'How surely, 0..1.';

CREATE TABLE directive_mentions (
    mention_id       VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL REFERENCES articles (article_id),
    ordinal          INTEGER NOT NULL,
    symbol           VARCHAR NOT NULL,
    doc_type         VARCHAR,
    number           VARCHAR,
    year             INTEGER,
    issued_on        DATE,
    issuer_code      VARCHAR,
    issuer_stated    VARCHAR,
    subject          VARCHAR,
    locality         VARCHAR,
    source_province  VARCHAR,
    published_on     DATE,
    sentence         VARCHAR NOT NULL,
    group_key        VARCHAR,
    directive_id     VARCHAR,
    link_method      VARCHAR,
    link_confidence  DOUBLE,
    candidates       INTEGER
);
CREATE INDEX directive_mentions_symbol ON directive_mentions (symbol);
CREATE INDEX directive_mentions_group_key ON directive_mentions (group_key);
COMMENT ON TABLE directive_mentions IS 'Mentions: one citation of a document symbol in one story, as written, and the document it resolved to.';
COMMENT ON COLUMN directive_mentions.mention_id IS 'md5 of (article_id, ''directive'', ordinal).';
COMMENT ON COLUMN directive_mentions.article_id IS 'Citing story.';
COMMENT ON COLUMN directive_mentions.ordinal IS 'Position of the citation among the story''s extracted directives (0-based).';
COMMENT ON COLUMN directive_mentions.symbol IS 'Canonical số, ký hiệu: upper case, Đ kept, no spaces (25-CT/TW, 30/2020/NĐ-CP).';
COMMENT ON COLUMN directive_mentions.doc_type IS 'Chỉ thị, Nghị quyết, Kết luận ... as the citation names it.';
COMMENT ON COLUMN directive_mentions.number IS 'Number part of the symbol.';
COMMENT ON COLUMN directive_mentions.year IS 'Year written inside the symbol (30/2020/NĐ-CP) only.';
COMMENT ON COLUMN directive_mentions.issued_on IS 'Issue date written next to the symbol.';
COMMENT ON COLUMN directive_mentions.issuer_code IS 'Issuer code of the symbol: TW, ĐUK, CP, TTg, UBND ...';
COMMENT ON COLUMN directive_mentions.issuer_stated IS 'Issuing body as the text states it next to the symbol ("của Bộ Chính trị"); NULL when only implied by the code.';
COMMENT ON COLUMN directive_mentions.subject IS 'Subject ("về ..." or quoted title) as written, ending where the title ends.';
COMMENT ON COLUMN directive_mentions.locality IS 'Issuing locality stated for a local document ("UBND tỉnh Hải Phòng" → "Hải Phòng").';
COMMENT ON COLUMN directive_mentions.source_province IS 'Province of the citing site; the locality of a local document when the text states none.';
COMMENT ON COLUMN directive_mentions.published_on IS 'Publication date of the citing story.';
COMMENT ON COLUMN directive_mentions.sentence IS 'Sentence of the story the symbol is cited in.';
COMMENT ON COLUMN directive_mentions.group_key IS 'pipelines.resolution.directives.directive_group_key: symbol (+ locality of a local document); the unit of resolution. Set by resolution.';
COMMENT ON COLUMN directive_mentions.directive_id IS 'The document it resolved to (directives.directive_id); NULL: ambiguous between several documents (see candidates) or not yet resolved.';
COMMENT ON COLUMN directive_mentions.link_method IS 'Rule that decided (pipelines/resolution/directives.py), or why it stayed ambiguous.';
COMMENT ON COLUMN directive_mentions.link_confidence IS 'How surely, 0..1.';
COMMENT ON COLUMN directive_mentions.candidates IS 'Documents of the group the citation could have meant.';

CREATE TABLE directive_relation_mentions (
    article_id       VARCHAR NOT NULL REFERENCES articles (article_id),
    from_mention_id  VARCHAR NOT NULL,
    relation         VARCHAR NOT NULL,
    to_mention_id    VARCHAR NOT NULL,
    PRIMARY KEY (from_mention_id, relation, to_mention_id)
);
COMMENT ON TABLE directive_relation_mentions IS 'Mentions: a relation between two citations as a story states it ("Kết luận 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW"); resolution turns it into directive_relations.';
COMMENT ON COLUMN directive_relation_mentions.article_id IS 'Story stating the relation.';
COMMENT ON COLUMN directive_relation_mentions.from_mention_id IS 'Citation (directive_mentions.mention_id) of the later / acting document.';
COMMENT ON COLUMN directive_relation_mentions.relation IS 'implements | continues | amends | replaces.';
COMMENT ON COLUMN directive_relation_mentions.to_mention_id IS 'Citation of the document acted upon.';

CREATE TABLE conference_edges (
    left_mention_id    VARCHAR NOT NULL,
    right_mention_id   VARCHAR NOT NULL,
    match_weight       DOUBLE NOT NULL,
    match_probability  DOUBLE NOT NULL,
    PRIMARY KEY (left_mention_id, right_mention_id)
);
CREATE INDEX conference_edges_right ON conference_edges (right_mention_id);
COMMENT ON TABLE conference_edges IS 'Mentions: pairs of conference reports the Splink model accepted as one event (left < right), kept so a cluster can be re-clustered from its members without re-scoring the archive.';
COMMENT ON COLUMN conference_edges.left_mention_id IS 'conference_mentions.mention_id, the smaller of the two.';
COMMENT ON COLUMN conference_edges.right_mention_id IS 'conference_mentions.mention_id, the larger of the two.';
COMMENT ON COLUMN conference_edges.match_weight IS 'Splink match weight (log2 Bayes factor) of the pair.';
COMMENT ON COLUMN conference_edges.match_probability IS 'Splink match probability of the pair, 0..1.';

-- -- entities layer (rewritten by resolution only) -----------------------------------------------

CREATE TABLE organizations (
    organization_id  VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    name_key         VARCHAR NOT NULL UNIQUE
);
COMMENT ON TABLE organizations IS 'Entities: one row per organisation (canonical name) named as an organiser or in a position.';
COMMENT ON COLUMN organizations.organization_id IS 'md5 of the canonical name''s key (pipelines.resolution.organizations.canonical_organization).';
COMMENT ON COLUMN organizations.name IS 'Canonical name.';
COMMENT ON COLUMN organizations.name_key IS 'Identity key of the canonical name: tone placement, Đ, case, punctuation and spacing unified.';

CREATE TABLE organization_aliases (
    alias            VARCHAR NOT NULL,
    alias_key        VARCHAR NOT NULL,
    organization_id  VARCHAR NOT NULL,
    valid_from       DATE,
    valid_until      DATE,
    source           VARCHAR NOT NULL,
    note             VARCHAR,
    PRIMARY KEY (alias_key, organization_id)
);
COMMENT ON TABLE organization_aliases IS 'Entities: other names of an organisation: spellings seen in mentions, abbreviations (ĐUK, BTG, UBND) and the names of bodies renamed or merged into it (2025 reorganisation), with the dates the alias was valid.';
COMMENT ON COLUMN organization_aliases.alias IS 'The other name, as written.';
COMMENT ON COLUMN organization_aliases.alias_key IS 'Its name key.';
COMMENT ON COLUMN organization_aliases.organization_id IS 'The organisation it names.';
COMMENT ON COLUMN organization_aliases.valid_from IS 'First day the alias named this organisation (NULL: always).';
COMMENT ON COLUMN organization_aliases.valid_until IS 'Last day it did (NULL: still does).';
COMMENT ON COLUMN organization_aliases.source IS 'curated (pipelines.resolution.organizations.ORGANIZATION_ALIASES) | mention (a spelling seen in the stories).';
COMMENT ON COLUMN organization_aliases.note IS 'Why: abbreviation, renamed, merged ... with its reference.';

CREATE TABLE people (
    person_id  VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    name_key   VARCHAR NOT NULL
);
COMMENT ON TABLE people IS 'Entities: one row per person. Name keys repeat: people of one name are one person only when position or organisation agree.';
COMMENT ON COLUMN people.person_id IS 'md5 of the name key and the person''s defining organisation key.';
COMMENT ON COLUMN people.name IS 'Full name as most often written.';
COMMENT ON COLUMN people.name_key IS 'pipelines.resolution.names.name_key of the name.';

CREATE TABLE positions (
    position_id      VARCHAR PRIMARY KEY,
    person_id        VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    organization_id  VARCHAR,
    first_seen       DATE,
    last_seen        DATE
);
COMMENT ON TABLE positions IS 'Entities: a position a person was seen holding, a dated fact ("Phó Bí thư" of "Đảng ủy Khối các cơ quan Trung ương").';
COMMENT ON COLUMN positions.position_id IS 'md5 of person, title and organisation.';
COMMENT ON COLUMN positions.person_id IS 'Who holds it.';
COMMENT ON COLUMN positions.title IS 'Position title without the organisation: Phó Bí thư, Vụ trưởng, Bộ trưởng ...';
COMMENT ON COLUMN positions.organization_id IS 'Organisation of the position, when the text names it.';
COMMENT ON COLUMN positions.first_seen IS 'Earliest date a mention shows the person holding it.';
COMMENT ON COLUMN positions.last_seen IS 'Latest date a mention shows it.';

CREATE TABLE directives (
    directive_id   VARCHAR PRIMARY KEY,
    symbol         VARCHAR NOT NULL,
    doc_type       VARCHAR,
    number         VARCHAR,
    year           INTEGER,
    term           INTEGER,
    locality       VARCHAR,
    issuer_code    VARCHAR,
    issuer_name    VARCHAR,
    issuer_source  VARCHAR,
    issued_on      DATE,
    subject        VARCHAR,
    mentions       INTEGER NOT NULL
);
CREATE INDEX directives_symbol ON directives (symbol);
COMMENT ON TABLE directives IS 'Entities: one row per real document, whatever the citations wrote. The same party symbol in another Party term, or a local symbol of another locality, is another row.';
COMMENT ON COLUMN directives.directive_id IS 'Readable and deterministic, starting with the canonical symbol (pipelines/resolution/directives.py).';
COMMENT ON COLUMN directives.symbol IS 'Canonical số, ký hiệu.';
COMMENT ON COLUMN directives.doc_type IS 'Chỉ thị, Nghị quyết, Kết luận, Quy định, Quyết định, Nghị định, Luật ...';
COMMENT ON COLUMN directives.number IS 'Number part of the symbol.';
COMMENT ON COLUMN directives.year IS 'Year of issue: from the symbol, a stated date, or the citations.';
COMMENT ON COLUMN directives.term IS 'Party term (khóa) of a central party document: its numbering restarts each term.';
COMMENT ON COLUMN directives.locality IS 'Issuing locality of a local document (KH-UBND, NQ/TU ...).';
COMMENT ON COLUMN directives.issuer_code IS 'Issuer code of the symbol: TW, ĐUK, BTGTW, CP, TTg, UBND ...';
COMMENT ON COLUMN directives.issuer_name IS 'Issuing body: what the citations state, most explicit and best supported first.';
COMMENT ON COLUMN directives.issuer_source IS 'stated (citations say it) | symbol (implied by the issuer code only).';
COMMENT ON COLUMN directives.issued_on IS 'Issue date as the citations give it.';
COMMENT ON COLUMN directives.subject IS 'Subject (title) as the citations give it, best supported first; v_directive_statements keeps every variant.';
COMMENT ON COLUMN directives.mentions IS 'Citations resolved to it.';

CREATE TABLE directive_relations (
    from_directive_id  VARCHAR NOT NULL,
    relation           VARCHAR NOT NULL,
    to_directive_id    VARCHAR NOT NULL,
    article_id         VARCHAR NOT NULL,
    PRIMARY KEY (from_directive_id, relation, to_directive_id, article_id)
);
COMMENT ON TABLE directive_relations IS 'Entities: relations between documents as stories state them, resolved from directive_relation_mentions.';
COMMENT ON COLUMN directive_relations.from_directive_id IS 'The later / acting document.';
COMMENT ON COLUMN directive_relations.relation IS 'implements | continues | amends | replaces.';
COMMENT ON COLUMN directive_relations.to_directive_id IS 'The document acted upon.';
COMMENT ON COLUMN directive_relations.article_id IS 'Story whose text states the relation.';

CREATE TABLE conferences (
    conference_id    VARCHAR PRIMARY KEY,
    name             VARCHAR,
    kind             VARCHAR,
    period           VARCHAR,
    held_on          DATE,
    held_until       DATE,
    organizer        VARCHAR,
    organization_id  VARCHAR,
    format           VARCHAR,
    location         VARCHAR,
    nationwide       BOOLEAN NOT NULL,
    status           VARCHAR NOT NULL,
    reports          INTEGER NOT NULL,
    sites            INTEGER NOT NULL
);
COMMENT ON TABLE conferences IS 'Entities: one row per real conference (hội nghị), however many stories and sites report it.';
COMMENT ON COLUMN conferences.conference_id IS 'md5 of the smallest mention_id of its reports (pipelines/resolution/conferences.py).';
COMMENT ON COLUMN conferences.name IS 'Canonical name: the national report''s over a bridge point''s.';
COMMENT ON COLUMN conferences.kind IS 'báo cáo viên, thông tin chuyên đề, quán triệt, sơ kết, tổng kết ...';
COMMENT ON COLUMN conferences.period IS 'Reporting period of a recurring series ("tháng 10/2021").';
COMMENT ON COLUMN conferences.held_on IS 'Date held: the most explicit the reports give.';
COMMENT ON COLUMN conferences.held_until IS 'Last day of a multi-day event.';
COMMENT ON COLUMN conferences.organizer IS 'Organising body, as the reports state it (the national report''s first).';
COMMENT ON COLUMN conferences.organization_id IS 'Organising body (organizations.organization_id).';
COMMENT ON COLUMN conferences.format IS 'trực tuyến | trực tiếp | trực tiếp kết hợp trực tuyến; NULL when not stated.';
COMMENT ON COLUMN conferences.location IS 'Venue when stated.';
COMMENT ON COLUMN conferences.nationwide IS 'A report calls it national.';
COMMENT ON COLUMN conferences.status IS 'held when any report says it was held, else planned (only previews seen).';
COMMENT ON COLUMN conferences.reports IS 'Reports (conference_mentions) resolved to it.';
COMMENT ON COLUMN conferences.sites IS 'Distinct sites publishing those reports.';

CREATE TABLE conference_directives (
    conference_id  VARCHAR NOT NULL,
    directive_id   VARCHAR NOT NULL,
    PRIMARY KEY (conference_id, directive_id)
);
COMMENT ON TABLE conference_directives IS 'Entities: the documents a conference disseminated (named in its name or agenda by a report), distinct from documents merely cited elsewhere in a story.';
COMMENT ON COLUMN conference_directives.conference_id IS 'Conference.';
COMMENT ON COLUMN conference_directives.directive_id IS 'Document disseminated.';

CREATE TABLE conference_participants (
    conference_id  VARCHAR NOT NULL,
    person_id      VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,
    position_id    VARCHAR,
    position       VARCHAR,
    bridge_point   VARCHAR,
    PRIMARY KEY (conference_id, person_id, role)
);
COMMENT ON TABLE conference_participants IS 'Entities: who chaired the conference, chaired it at a bridge point, or spoke.';
COMMENT ON COLUMN conference_participants.conference_id IS 'Conference.';
COMMENT ON COLUMN conference_participants.person_id IS 'Participant (resolved people only).';
COMMENT ON COLUMN conference_participants.role IS 'chair | bridge_chair | speaker.';
COMMENT ON COLUMN conference_participants.position_id IS 'Position held, when a report gives one.';
COMMENT ON COLUMN conference_participants.position IS 'Position text as a report gives it.';
COMMENT ON COLUMN conference_participants.bridge_point IS 'For a bridge_chair: the bridge point chaired.';

CREATE TABLE resolution_state (
    id             INTEGER PRIMARY KEY,
    needs_rebuild  BOOLEAN NOT NULL,
    reason         VARCHAR,
    resolved_at    TIMESTAMP
);
COMMENT ON TABLE resolution_state IS 'One row (id = 1): whether the next resolve must re-resolve every mention (a migration or a model change asked for it).';
COMMENT ON COLUMN resolution_state.id IS 'Always 1.';
COMMENT ON COLUMN resolution_state.needs_rebuild IS 'true: the next resolve rebuilds the entities from all mentions, whatever it was asked.';
COMMENT ON COLUMN resolution_state.reason IS 'Why a rebuild is pending, or what the last one did.';
COMMENT ON COLUMN resolution_state.resolved_at IS 'When resolution last completed (UTC).';

-- -- what the old tables knew, as mentions --------------------------------------------------------
-- md5 of the parts joined by the unit separator: warehouse/keys.py mention_id.
INSERT INTO directive_mentions BY NAME
SELECT
    md5(article_id || chr(31) || 'directive' || chr(31) || ordinal::VARCHAR) AS mention_id,
    article_id, ordinal::INTEGER AS ordinal, symbol, doc_type, number,
    -- the old year came from the symbol or the date: only a year written in the symbol counts
    CASE WHEN regexp_matches(symbol, '/' || year::VARCHAR || '/') THEN year END AS year,
    issued_on, issuer_code, subject, published_on, sentence
FROM old_directive_mentions
JOIN (SELECT article_id, published_on FROM articles) USING (article_id);

INSERT INTO conference_mentions BY NAME
SELECT
    md5(article_id || chr(31) || 'conference' || chr(31) || ordinal::VARCHAR) AS mention_id,
    article_id, ordinal::INTEGER AS ordinal, source_id, published_on,
    name, kind, period, held_on, organizer, format, location,
    false AS nationwide, 'held' AS status,
    coalesce(held_on, published_on) AS event_day
FROM old_conference_mentions;

INSERT INTO person_mentions BY NAME
SELECT
    md5(article_id || chr(31) || 'person' || chr(31) || ordinal::VARCHAR) AS mention_id,
    article_id,
    md5(article_id || chr(31) || 'conference' || chr(31) || conference_ordinal::VARCHAR)
        AS conference_mention_id,
    role, name,
    lower(regexp_replace(trim(name), '\s+', ' ', 'g')) AS name_key,
    position,
    coalesce(held_on, published_on) AS seen_on
FROM old_person_mentions;

INSERT INTO resolution_state VALUES (
    1, true,
    'migration 0010: entities are rebuilt from the mentions; `vnarchive reprocess` re-extracts the mentions with the current extraction',
    NULL
);

DROP TABLE old_person_mentions;
DROP TABLE old_conference_mentions;
DROP TABLE old_directive_mentions;

-- -- analyst views: they count entities, not mentions ----------------------------------------------

CREATE VIEW conference_articles AS
SELECT DISTINCT conference_id, article_id
FROM conference_mentions
WHERE conference_id IS NOT NULL;
COMMENT ON VIEW conference_articles IS 'The stories reporting each conference (from conference_mentions).';

CREATE VIEW v_directive_citations AS
WITH citing AS (
    SELECT m.directive_id, m.article_id, a.published_on
    FROM directive_mentions m
    JOIN articles a USING (article_id)
    WHERE m.directive_id IS NOT NULL
),
citing_sites AS (
    SELECT m.directive_id, count(DISTINCT c.source_id) AS sites
    FROM directive_mentions m
    JOIN article_copies c USING (article_id)
    WHERE m.directive_id IS NOT NULL
    GROUP BY m.directive_id
)
SELECT
    d.directive_id,
    d.symbol,
    d.doc_type,
    d.term,
    d.locality,
    d.issuer_code,
    d.issuer_name,
    d.issuer_source,
    d.issued_on,
    d.subject,
    min(citing.published_on) AS first_cited,
    max(citing.published_on) AS last_cited,
    count(DISTINCT citing.article_id) AS articles,
    any_value(citing_sites.sites) AS sites
FROM directives d
JOIN citing USING (directive_id)
JOIN citing_sites USING (directive_id)
GROUP BY ALL;
COMMENT ON VIEW v_directive_citations IS 'Per real document: type, term, locality, issuer, first and last citation, distinct stories and sites citing it. Ambiguous citations are in v_ambiguous_citations.';

CREATE VIEW v_ambiguous_citations AS
SELECT
    m.symbol,
    m.group_key,
    any_value(m.link_method) AS reason,
    max(m.candidates) AS candidates,
    count(DISTINCT m.article_id) AS articles,
    min(a.published_on) AS first_cited,
    max(a.published_on) AS last_cited
FROM directive_mentions m
JOIN articles a USING (article_id)
WHERE m.directive_id IS NULL AND m.link_method IS NOT NULL
GROUP BY m.symbol, m.group_key;
COMMENT ON VIEW v_ambiguous_citations IS 'Per symbol: citations resolution left unresolved (several documents share the symbol and nothing told them apart), never counted for a document.';

CREATE VIEW v_directive_statements AS
SELECT
    m.directive_id,
    d.symbol,
    s.field,
    s.value,
    count(DISTINCT m.article_id) AS stories,
    min(m.published_on) AS first_stated,
    max(m.published_on) AS last_stated,
    s.value IS NOT DISTINCT FROM (CASE s.field
        WHEN 'issuer' THEN d.issuer_name
        WHEN 'subject' THEN d.subject
        WHEN 'issued_on' THEN d.issued_on::VARCHAR
        WHEN 'locality' THEN d.locality
    END) AS chosen
FROM directive_mentions m
JOIN directives d USING (directive_id)
CROSS JOIN LATERAL (
    VALUES ('issuer', m.issuer_stated), ('subject', m.subject),
           ('issued_on', m.issued_on::VARCHAR), ('locality', m.locality)
) AS s (field, value)
WHERE s.value IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW v_directive_statements IS 'What the citations say about each document: every issuer, subject, date and locality variant, how many stories state it, and whether it is the one the directives row kept (the provenance).';

CREATE VIEW v_conference_calendar AS
SELECT
    c.conference_id,
    c.name,
    c.held_on,
    c.held_until,
    c.period,
    c.kind,
    c.organizer,
    c.format,
    c.location,
    c.nationwide,
    c.status,
    (SELECT string_agg(DISTINCT p.name, '; ' ORDER BY p.name)
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'chair') AS chairs,
    (SELECT string_agg(DISTINCT p.name || ' (' || cp.bridge_point || ')', '; ')
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'bridge_chair') AS bridge_chairs,
    (SELECT string_agg(DISTINCT p.name, '; ' ORDER BY p.name)
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'speaker') AS speakers,
    (SELECT string_agg(DISTINCT m.bridge_point, '; ')
       FROM conference_mentions m
      WHERE m.conference_id = c.conference_id) AS bridge_points,
    (SELECT string_agg(DISTINCT cd.directive_id, '; ')
       FROM conference_directives cd
      WHERE cd.conference_id = c.conference_id) AS directives,
    (SELECT string_agg(DISTINCT s.name, '; ')
       FROM conference_mentions m
       JOIN article_copies ac USING (article_id)
       JOIN sources s ON s.source_id = ac.source_id
      WHERE m.conference_id = c.conference_id) AS sources,
    (SELECT count(DISTINCT m.article_id) FROM conference_mentions m
      WHERE m.conference_id = c.conference_id) AS articles,
    c.reports,
    c.sites
FROM conferences c;
COMMENT ON VIEW v_conference_calendar IS 'One row per real conference: date, organiser, status, chairs (at the main venue and at bridge points), speakers, bridge points, directives disseminated, the sites and stories reporting it.';

CREATE VIEW v_conference_reports AS
SELECT
    m.mention_id,
    m.conference_id,
    m.article_id,
    a.title AS article_title,
    s.name AS site,
    m.published_on,
    m.name AS name_as_written,
    m.organizer AS organizer_as_written,
    m.held_on AS held_on_as_written,
    m.bridge_point,
    m.status,
    m.link_method,
    m.link_confidence,
    c.name AS conference_name,
    c.held_on AS conference_held_on
FROM conference_mentions m
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = m.source_id
LEFT JOIN conferences c USING (conference_id);
COMMENT ON VIEW v_conference_reports IS 'Each conference report as written, and the conference it resolved to (with the method and confidence of the link).';

CREATE VIEW v_site_activity AS
SELECT
    s.source_id,
    s.name AS site,
    date_trunc('month', c.published_on)::DATE AS month,
    count(DISTINCT c.url) AS pages,
    count(DISTINCT c.article_id) AS stories,
    count(DISTINCT c.article_id) FILTER (WHERE a.url = c.url) AS stories_first_published_here,
    count(DISTINCT cm.conference_id) AS conferences_reported,
    count(DISTINCT dm.directive_id) AS directives_cited
FROM article_copies c
JOIN sources s USING (source_id)
JOIN articles a USING (article_id)
LEFT JOIN conference_mentions cm USING (article_id)
LEFT JOIN directive_mentions dm USING (article_id)
WHERE c.published_on IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW v_site_activity IS 'Per site per month: pages published, distinct stories, stories first published on the site, distinct conferences reported, distinct documents cited (entities, counted distinct: no fan-out).';

CREATE VIEW v_people_roles AS
WITH roles AS (
    SELECT
        cp.person_id,
        count(DISTINCT cp.conference_id) FILTER (WHERE cp.role = 'chair') AS conferences_chaired,
        count(DISTINCT cp.conference_id) FILTER (WHERE cp.role = 'bridge_chair')
            AS bridge_points_chaired,
        count(DISTINCT cp.conference_id) FILTER (WHERE cp.role = 'speaker') AS conferences_spoken,
        min(c.held_on) AS first_conference,
        max(c.held_on) AS last_conference
    FROM conference_participants cp
    JOIN conferences c USING (conference_id)
    GROUP BY cp.person_id
),
held AS (
    SELECT
        ps.person_id,
        string_agg(
            ps.title || coalesce(' ' || o.name, '')
                || ' (' || coalesce(ps.first_seen::VARCHAR, '?') || ' – '
                || coalesce(ps.last_seen::VARCHAR, '?') || ')',
            '; ' ORDER BY ps.first_seen NULLS LAST, ps.title
        ) AS positions_seen
    FROM positions ps
    LEFT JOIN organizations o USING (organization_id)
    GROUP BY ps.person_id
)
SELECT
    p.person_id,
    p.name,
    coalesce(r.conferences_chaired, 0) AS conferences_chaired,
    coalesce(r.bridge_points_chaired, 0) AS bridge_points_chaired,
    coalesce(r.conferences_spoken, 0) AS conferences_spoken,
    h.positions_seen,
    r.first_conference AS first_seen,
    r.last_conference AS last_seen
FROM people p
JOIN roles r USING (person_id)
LEFT JOIN held h USING (person_id);
COMMENT ON VIEW v_people_roles IS 'Per person: distinct conferences chaired, bridge points chaired and conferences spoken at, dated positions (first – last seen), first and last conference date.';

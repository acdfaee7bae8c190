-- 0002: what the articles report: directives cited, conferences held, people and organisations.
-- Keys are derived from natural keys (see flows/rows.py), so reloading a batch changes nothing.

CREATE TABLE organizations (
    organization_id  VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    name_key         VARCHAR NOT NULL UNIQUE
);
COMMENT ON TABLE organizations IS 'Core: one row per organisation named as an organiser or in a position.';
COMMENT ON COLUMN organizations.organization_id IS 'md5 of name_key.';
COMMENT ON COLUMN organizations.name IS 'Name as first written.';
COMMENT ON COLUMN organizations.name_key IS 'NFC, Đ unified, case-folded, single-spaced name: the identity.';

CREATE TABLE people (
    person_id  VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    name_key   VARCHAR NOT NULL UNIQUE
);
COMMENT ON TABLE people IS 'Core: one row per person; the same name across articles is one person.';
COMMENT ON COLUMN people.person_id IS 'md5 of name_key.';
COMMENT ON COLUMN people.name IS 'Full name as written (đồng chí and titles removed).';
COMMENT ON COLUMN people.name_key IS 'pipelines.entities.person_key(name): NFC, case-folded, single-spaced.';

CREATE TABLE positions (
    position_id      VARCHAR PRIMARY KEY,
    person_id        VARCHAR NOT NULL REFERENCES people (person_id),
    title            VARCHAR NOT NULL,
    organization_id  VARCHAR REFERENCES organizations (organization_id)
);
COMMENT ON TABLE positions IS 'Core: a position a person is reported holding ("Phó Bí thư" of "Đảng ủy Khối các cơ quan Trung ương").';
COMMENT ON COLUMN positions.position_id IS 'md5 of person, title and organisation.';
COMMENT ON COLUMN positions.person_id IS 'Who holds it.';
COMMENT ON COLUMN positions.title IS 'Position title without the organisation: Phó Bí thư, Vụ trưởng, Bộ trưởng ...';
COMMENT ON COLUMN positions.organization_id IS 'Organisation of the position, when the text names it.';

CREATE TABLE directives (
    directive_id  VARCHAR PRIMARY KEY,
    symbol        VARCHAR NOT NULL,
    doc_type      VARCHAR,
    number        VARCHAR,
    year          INTEGER,
    issuer_code   VARCHAR,
    issuer_name   VARCHAR,
    issued_on     DATE,
    subject       VARCHAR
);
COMMENT ON TABLE directives IS 'Core: one row per cited document. The same party symbol re-used in another year is another row.';
COMMENT ON COLUMN directives.directive_id IS 'symbol when no year is known, else symbol@year: 35-CT/TW@2019 and 35-CT/TW@2024 are two documents.';
COMMENT ON COLUMN directives.symbol IS 'Canonical số, ký hiệu: upper case, Đ kept, no spaces (25-CT/TW, 30/2020/NĐ-CP).';
COMMENT ON COLUMN directives.doc_type IS 'Chỉ thị, Nghị quyết, Kết luận, Quy định, Quyết định, Nghị định, Luật ...';
COMMENT ON COLUMN directives.number IS 'Number part of the symbol.';
COMMENT ON COLUMN directives.year IS 'Year from the symbol (30/2020/NĐ-CP) or from the issue date.';
COMMENT ON COLUMN directives.issuer_code IS 'Issuer code of the symbol: TW, ĐUK, BTGTW, CP, TTg, UBND ...';
COMMENT ON COLUMN directives.issuer_name IS 'Issuing body: Bộ Chính trị, Ban Bí thư, Chính phủ ...';
COMMENT ON COLUMN directives.issued_on IS 'Issue date when an article gives it next to the symbol.';
COMMENT ON COLUMN directives.subject IS 'Subject ("về ..." or quoted title) when an article gives it.';

CREATE TABLE directive_mentions (
    article_id    VARCHAR NOT NULL REFERENCES articles (article_id),
    directive_id  VARCHAR NOT NULL REFERENCES directives (directive_id),
    sentence      VARCHAR NOT NULL,
    PRIMARY KEY (article_id, directive_id)
);
COMMENT ON TABLE directive_mentions IS 'Core: which article (story) cites which directive, with the citing sentence.';
COMMENT ON COLUMN directive_mentions.article_id IS 'Citing story.';
COMMENT ON COLUMN directive_mentions.directive_id IS 'Cited document.';
COMMENT ON COLUMN directive_mentions.sentence IS 'Sentence of the article the directive is cited in.';

CREATE TABLE directive_relations (
    from_directive_id  VARCHAR NOT NULL REFERENCES directives (directive_id),
    relation           VARCHAR NOT NULL,
    to_directive_id    VARCHAR NOT NULL REFERENCES directives (directive_id),
    article_id         VARCHAR NOT NULL REFERENCES articles (article_id),
    PRIMARY KEY (from_directive_id, relation, to_directive_id, article_id)
);
COMMENT ON TABLE directive_relations IS 'Core: relations between directives as articles state them ("Kết luận 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW").';
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
    organizer        VARCHAR,
    organization_id  VARCHAR REFERENCES organizations (organization_id),
    format           VARCHAR,
    location         VARCHAR
);
COMMENT ON TABLE conferences IS 'Core: one row per conference (hội nghị), however many articles report it.';
COMMENT ON COLUMN conferences.conference_id IS 'md5 of name, organiser and date; undated conferences are keyed by their reporting story.';
COMMENT ON COLUMN conferences.name IS 'Name as written: "Hội nghị Báo cáo viên tháng 10/2021".';
COMMENT ON COLUMN conferences.kind IS 'báo cáo viên, thông tin chuyên đề, quán triệt, sơ kết, tổng kết ...';
COMMENT ON COLUMN conferences.period IS 'Reporting period in the name: "quý IV/2022", "tháng 10/2021".';
COMMENT ON COLUMN conferences.held_on IS 'Date held ("Ngày 22/11" resolved with the publication date).';
COMMENT ON COLUMN conferences.organizer IS 'Organising body as written.';
COMMENT ON COLUMN conferences.organization_id IS 'Organising body.';
COMMENT ON COLUMN conferences.format IS 'trực tuyến | trực tiếp | trực tiếp kết hợp trực tuyến; NULL when not stated.';
COMMENT ON COLUMN conferences.location IS 'Venue when stated.';

CREATE TABLE conference_articles (
    conference_id  VARCHAR NOT NULL REFERENCES conferences (conference_id),
    article_id     VARCHAR NOT NULL REFERENCES articles (article_id),
    PRIMARY KEY (conference_id, article_id)
);
COMMENT ON TABLE conference_articles IS 'Core: the stories reporting each conference.';
COMMENT ON COLUMN conference_articles.conference_id IS 'Reported conference.';
COMMENT ON COLUMN conference_articles.article_id IS 'Reporting story.';

CREATE TABLE conference_participants (
    conference_id  VARCHAR NOT NULL REFERENCES conferences (conference_id),
    person_id      VARCHAR NOT NULL REFERENCES people (person_id),
    role           VARCHAR NOT NULL,
    position_id    VARCHAR REFERENCES positions (position_id),
    position       VARCHAR,
    PRIMARY KEY (conference_id, person_id, role)
);
COMMENT ON TABLE conference_participants IS 'Core: who chaired and who spoke at each conference.';
COMMENT ON COLUMN conference_participants.conference_id IS 'Conference.';
COMMENT ON COLUMN conference_participants.person_id IS 'Participant.';
COMMENT ON COLUMN conference_participants.role IS 'chair | speaker.';
COMMENT ON COLUMN conference_participants.position_id IS 'Position held, when the article gives one.';
COMMENT ON COLUMN conference_participants.position IS 'Position text as the article gives it.';

-- 0002: what the articles report: directives cited, conferences held, people and organisations.
-- Keys are derived from natural keys (see flows/rows.py), so reloading a batch changes nothing.

CREATE TABLE organizations (
    organization_id  VARCHAR PRIMARY KEY,       -- md5 of name_key
    name             VARCHAR NOT NULL,          -- as first written
    name_key         VARCHAR NOT NULL UNIQUE    -- NFC, case-folded, single-spaced
);
COMMENT ON TABLE organizations IS 'Core: one row per organisation named as an organiser or in a position.';

CREATE TABLE people (
    person_id  VARCHAR PRIMARY KEY,             -- md5 of name_key
    name       VARCHAR NOT NULL,
    name_key   VARCHAR NOT NULL UNIQUE          -- pipelines.entities.person_key(name)
);
COMMENT ON TABLE people IS 'Core: one row per person; the same name across articles is one person.';

CREATE TABLE directives (
    directive_id  VARCHAR PRIMARY KEY,          -- symbol, plus "@year" when a year is known
    symbol        VARCHAR NOT NULL,             -- canonical: upper case, Đ kept, no spaces
    doc_type      VARCHAR,                      -- Chỉ thị, Nghị quyết, Kết luận, Nghị định ...
    number        VARCHAR,
    year          INTEGER,                      -- from the symbol (30/2020/NĐ-CP) or the issue date
    issuer_code   VARCHAR,                      -- TW, ĐUK, CP, UBND ...
    issuer_name   VARCHAR,
    issued_on     DATE,
    subject       VARCHAR                       -- "về ..." or quoted title, when an article gives it
);
COMMENT ON TABLE directives IS 'Core: one row per cited document. The same party symbol re-used in another year is another row.';
COMMENT ON COLUMN directives.directive_id IS 'symbol when no year is known, else symbol@year: 35-CT/TW@2019 and 35-CT/TW@2024 are two documents.';

CREATE TABLE directive_mentions (
    article_url   VARCHAR NOT NULL REFERENCES articles (url),
    directive_id  VARCHAR NOT NULL REFERENCES directives (directive_id),
    sentence      VARCHAR NOT NULL,             -- the sentence the directive was cited in
    PRIMARY KEY (article_url, directive_id)
);
COMMENT ON TABLE directive_mentions IS 'Core: which article cites which directive, with the citing sentence.';

CREATE TABLE directive_relations (
    source_id   VARCHAR NOT NULL REFERENCES directives (directive_id),
    relation    VARCHAR NOT NULL,               -- implements | continues | amends | replaces
    target_id   VARCHAR NOT NULL REFERENCES directives (directive_id),
    article_url VARCHAR NOT NULL REFERENCES articles (url),  -- where the relation is stated
    PRIMARY KEY (source_id, relation, target_id, article_url)
);
COMMENT ON TABLE directive_relations IS 'Core: relations between directives as articles state them ("về tiếp tục thực hiện Chỉ thị ...").';

CREATE TABLE conferences (
    conference_id    VARCHAR PRIMARY KEY,       -- md5 of name, organiser and date (or reporting article when undated)
    name             VARCHAR,                   -- as written: "Hội nghị Báo cáo viên tháng 10/2021"
    kind             VARCHAR,                   -- báo cáo viên, thông tin chuyên đề, quán triệt ...
    period           VARCHAR,                   -- "quý IV/2022", "tháng 10/2021"
    held_on          DATE,
    organizer        VARCHAR,
    organization_id  VARCHAR REFERENCES organizations (organization_id),
    format           VARCHAR,                   -- trực tuyến | trực tiếp | trực tiếp kết hợp trực tuyến
    location         VARCHAR
);
COMMENT ON TABLE conferences IS 'Core: one row per conference (hội nghị), however many articles report it.';

CREATE TABLE conference_articles (
    conference_id  VARCHAR NOT NULL REFERENCES conferences (conference_id),
    article_url    VARCHAR NOT NULL REFERENCES articles (url),
    PRIMARY KEY (conference_id, article_url)
);
COMMENT ON TABLE conference_articles IS 'Core: the articles reporting each conference.';

CREATE TABLE conference_participants (
    conference_id  VARCHAR NOT NULL REFERENCES conferences (conference_id),
    person_id      VARCHAR NOT NULL REFERENCES people (person_id),
    role           VARCHAR NOT NULL,            -- chair | speaker
    position       VARCHAR,                     -- as the article gives it: "Phó Bí thư Đảng ủy Khối ..."
    PRIMARY KEY (conference_id, person_id, role)
);
COMMENT ON TABLE conference_participants IS 'Core: who chaired and who spoke at each conference.';

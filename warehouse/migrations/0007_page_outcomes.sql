-- 0007: no fetched page is lost without a trace. Every capture gets exactly one outcome (what
-- became of the page), and article pages say how their publication date was (or was not) found:
-- an undated article is stored with published_on NULL instead of being dropped.

CREATE TABLE page_outcomes (
    capture_id  VARCHAR PRIMARY KEY REFERENCES captures (capture_id),
    outcome     VARCHAR NOT NULL,   -- article | listing | feed | non-html | revisit | redirect | rejected | failed
    reason      VARCHAR,            -- why, for rejected / failed (and the kind for the others)
    copy_url    VARCHAR,            -- article_copies.url when the page became an article
    decided_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE page_outcomes IS 'Raw layer: one row per capture saying what became of the fetched page; answers "why is this page not in articles?". Rewritten (upsert by capture_id) when a run is reloaded or reprocessed.';
COMMENT ON COLUMN page_outcomes.capture_id IS 'The capture (one fetch) this outcome is for.';
COMMENT ON COLUMN page_outcomes.outcome IS 'article (stored in article_copies) | listing (section or home page of headlines) | feed (robots.txt, sitemap, RSS/Atom) | non-html (attachment or other media) | revisit (304 or unchanged payload: nothing new to extract) | redirect (a 3xx hop) | rejected (HTML that is no article, see reason) | failed (fetch error, HTTP >= 400, robots.txt refusal, extraction error).';
COMMENT ON COLUMN page_outcomes.reason IS 'For rejected: the extractor''s reason (no body, short body, ...); for failed: the error (HTTP 404, robots.txt disallowed, extraction error: ...); for the others a detail (content type, 304 not modified ...) or NULL.';
COMMENT ON COLUMN page_outcomes.copy_url IS 'Canonical URL of the article_copies row the page became (outcome = article); NULL otherwise.';
COMMENT ON COLUMN page_outcomes.decided_at IS 'When the outcome was decided (load or reprocess time), UTC.';

ALTER TABLE article_copies ADD COLUMN date_source VARCHAR;
ALTER TABLE articles ADD COLUMN date_source VARCHAR;
COMMENT ON COLUMN article_copies.date_source IS 'How published_on was found: meta (meta tags, JSON-LD, <time>) | date line (a visible Vietnamese date line) | url (date in the URL, via htmldate) | htmldate (htmldate from markup) | given (supplied by the caller) | none (not found: published_on is NULL, the page is kept). NULL for pages stored before migration 0007.';
COMMENT ON COLUMN articles.date_source IS 'How the canonical copy''s published_on was found (see article_copies.date_source).';
COMMENT ON COLUMN articles.published_on IS 'Publication date of the canonical copy; NULL when no copy gives one (date_source = none). Undated copies rank after dated ones when the canonical copy is picked.';
COMMENT ON COLUMN article_copies.published_on IS 'Publication date this page gives; NULL when none was found (date_source = none).';

CREATE VIEW v_page_outcomes AS
SELECT
    k.capture_id,
    k.url,
    k.source_id,
    k.run_id,
    k.fetched_at,
    k.status,
    coalesce(o.outcome, 'unrecorded') AS outcome,
    CASE WHEN o.capture_id IS NULL
         THEN 'loaded before outcomes were recorded (migration 0007); reprocess to classify'
         ELSE o.reason END AS reason,
    c.article_id,
    c.date_source
FROM captures k
LEFT JOIN page_outcomes o USING (capture_id)
LEFT JOIN article_copies c ON c.url = o.copy_url;
COMMENT ON VIEW v_page_outcomes IS 'One row per capture: URL, source, run, what became of the page (outcome, reason) and the story (article_id) when it became an article.';

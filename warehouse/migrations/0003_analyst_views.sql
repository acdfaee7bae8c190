-- 0003: the analyst surface. Views only: they always reflect the core tables.

CREATE VIEW v_articles AS
SELECT
    a.article_id,
    a.title,
    a.published_on,
    s.name AS site,
    a.url,
    a.author,
    a.copies,
    length(a.body) AS body_chars,
    a.body
FROM articles a
JOIN sources s USING (source_id);
COMMENT ON VIEW v_articles IS 'One row per story with the site of its canonical copy and how many pages carry it.';

CREATE VIEW v_directive_citations AS
WITH citing AS (
    SELECT m.directive_id, m.article_id, a.published_on
    FROM directive_mentions m
    JOIN articles a USING (article_id)
),
citing_sites AS (
    SELECT m.directive_id, count(DISTINCT c.source_id) AS sites
    FROM directive_mentions m
    JOIN article_copies c USING (article_id)
    GROUP BY m.directive_id
)
SELECT
    d.directive_id,
    d.symbol,
    d.doc_type,
    d.issuer_code,
    d.issuer_name,
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
COMMENT ON VIEW v_directive_citations IS 'Per directive: type, issuer, first and last citation, number of articles and of sites citing it.';

CREATE VIEW v_conference_calendar AS
SELECT
    c.conference_id,
    c.name,
    c.held_on,
    c.period,
    c.kind,
    c.organizer,
    c.format,
    c.location,
    (SELECT string_agg(p.name, '; ' ORDER BY p.name)
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'chair') AS chairs,
    (SELECT string_agg(p.name, '; ' ORDER BY p.name)
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'speaker') AS speakers,
    (SELECT string_agg(DISTINCT s.name, '; ')
       FROM conference_articles ca
       JOIN article_copies ac USING (article_id)
       JOIN sources s ON s.source_id = ac.source_id
      WHERE ca.conference_id = c.conference_id) AS sources,
    (SELECT count(*) FROM conference_articles ca
      WHERE ca.conference_id = c.conference_id) AS articles
FROM conferences c;
COMMENT ON VIEW v_conference_calendar IS 'One row per conference: date, organiser, chairs, speakers and the sites reporting it.';

CREATE VIEW v_site_activity AS
SELECT
    s.source_id,
    s.name AS site,
    date_trunc('month', c.published_on)::DATE AS month,
    count(*) AS pages,
    count(DISTINCT c.article_id) AS stories,
    count(DISTINCT c.article_id) FILTER (WHERE a.url = c.url) AS stories_first_published_here,
    count(DISTINCT ca.conference_id) AS conferences_reported,
    count(DISTINCT m.directive_id) AS directives_cited
FROM article_copies c
JOIN sources s USING (source_id)
JOIN articles a USING (article_id)
LEFT JOIN conference_articles ca USING (article_id)
LEFT JOIN directive_mentions m USING (article_id)
WHERE c.published_on IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW v_site_activity IS 'Per site per month: pages published, distinct stories, stories first published on the site, conferences reported, directives cited.';

CREATE VIEW v_people_roles AS
SELECT
    p.person_id,
    p.name,
    count(*) FILTER (WHERE cp.role = 'chair') AS conferences_chaired,
    count(*) FILTER (WHERE cp.role = 'speaker') AS conferences_spoken,
    string_agg(DISTINCT cp.position, '; ') AS positions_seen,
    min(c.held_on) AS first_seen,
    max(c.held_on) AS last_seen
FROM people p
JOIN conference_participants cp USING (person_id)
JOIN conferences c USING (conference_id)
GROUP BY ALL;
COMMENT ON VIEW v_people_roles IS 'Per person: conferences chaired and spoken at, positions reported, first and last conference date.';

CREATE VIEW v_fetch_errors AS
SELECT
    run_id,
    source_id,
    coalesce(error, 'HTTP ' || status) AS reason,
    count(*) AS fetches,
    min(url) AS example_url
FROM captures
WHERE error IS NOT NULL OR status >= 400
GROUP BY ALL;
COMMENT ON VIEW v_fetch_errors IS 'Per run, site and reason: failed or refused fetches (robots.txt, timeouts, HTTP errors).';

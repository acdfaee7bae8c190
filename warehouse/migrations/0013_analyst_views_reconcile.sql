-- 0013: analyst views that reconcile with their base tables, and a comment on every view column.
--
-- v_site_activity joined each page to every conference report and every citation of its story
-- before aggregating, so each page stood for (reports × citations) rows: 0003 counted them with
-- count(*) (pages summed to several times the pages); 0010's count(DISTINCT url) hid it in the
-- figure but still multiplied the rows. Each side is now aggregated per site and month on its
-- own, then joined on (source_id, month): one row per page, per (page, conference), per
-- (page, document) before any count. tests/test_analyst_views.py reconciles every view with
-- its base tables on a demo warehouse.

CREATE OR REPLACE VIEW v_site_activity AS
WITH pages AS (
    SELECT
        c.source_id,
        date_trunc('month', c.published_on)::DATE AS month,
        count(*) AS pages,
        count(DISTINCT c.article_id) AS stories,
        count(DISTINCT c.article_id) FILTER (WHERE a.url = c.url) AS stories_first_published_here
    FROM article_copies c
    JOIN articles a USING (article_id)
    WHERE c.published_on IS NOT NULL
    GROUP BY ALL
),
conferences_reported AS (
    SELECT
        c.source_id,
        date_trunc('month', c.published_on)::DATE AS month,
        count(DISTINCT ca.conference_id) AS conferences_reported
    FROM article_copies c
    JOIN conference_articles ca USING (article_id)
    WHERE c.published_on IS NOT NULL
    GROUP BY ALL
),
directives_cited AS (
    SELECT
        c.source_id,
        date_trunc('month', c.published_on)::DATE AS month,
        count(DISTINCT dm.directive_id) AS directives_cited
    FROM article_copies c
    JOIN directive_mentions dm USING (article_id)
    WHERE c.published_on IS NOT NULL AND dm.directive_id IS NOT NULL
    GROUP BY ALL
)
SELECT
    p.source_id,
    s.name AS site,
    p.month,
    p.pages,
    p.stories,
    p.stories_first_published_here,
    coalesce(k.conferences_reported, 0) AS conferences_reported,
    coalesce(d.directives_cited, 0) AS directives_cited
FROM pages p
JOIN sources s USING (source_id)
LEFT JOIN conferences_reported k USING (source_id, month)
LEFT JOIN directives_cited d USING (source_id, month);
COMMENT ON VIEW v_site_activity IS 'Per site per month of publication (dated pages only): pages published, distinct stories, stories whose canonical copy is here, distinct conferences reported and documents cited by those pages. Each count is aggregated on its own before the join: pages sums to the dated article_copies.';
COMMENT ON COLUMN v_site_activity.source_id IS 'Site (sources.source_id).';
COMMENT ON COLUMN v_site_activity.site IS 'Display name of the site (sources.name).';
COMMENT ON COLUMN v_site_activity.month IS 'First day of the month the pages were published in (article_copies.published_on); undated pages are left out.';
COMMENT ON COLUMN v_site_activity.pages IS 'Article pages (article_copies rows) the site published that month; sums to the dated article_copies.';
COMMENT ON COLUMN v_site_activity.stories IS 'Distinct stories (article_id) among those pages.';
COMMENT ON COLUMN v_site_activity.stories_first_published_here IS 'Stories whose canonical copy (articles.url) is one of those pages.';
COMMENT ON COLUMN v_site_activity.conferences_reported IS 'Distinct resolved conferences the stories of those pages report (conference_articles).';
COMMENT ON COLUMN v_site_activity.directives_cited IS 'Distinct resolved documents (directives) the stories of those pages cite; ambiguous citations are not counted.';

-- -- the other views keep their definitions; their columns get comments ------------------------

COMMENT ON COLUMN v_articles.article_id IS 'Story id (articles.article_id).';
COMMENT ON COLUMN v_articles.title IS 'Title of the canonical copy.';
COMMENT ON COLUMN v_articles.published_on IS 'Publication date of the canonical copy; NULL when undated.';
COMMENT ON COLUMN v_articles.site IS 'Display name of the site of the canonical copy.';
COMMENT ON COLUMN v_articles.url IS 'URL of the canonical copy.';
COMMENT ON COLUMN v_articles.author IS 'Byline of the canonical copy.';
COMMENT ON COLUMN v_articles.copies IS 'Pages (article_copies) carrying the story.';
COMMENT ON COLUMN v_articles.body_chars IS 'Length of the body in characters.';
COMMENT ON COLUMN v_articles.body IS 'Main text of the canonical copy (NFC, boilerplate removed).';

COMMENT ON COLUMN conference_articles.conference_id IS 'Resolved conference (conferences.conference_id).';
COMMENT ON COLUMN conference_articles.article_id IS 'A story reporting it; one row per (conference, story) however many reports the story holds.';

COMMENT ON COLUMN v_directive_citations.directive_id IS 'Real document (directives.directive_id).';
COMMENT ON COLUMN v_directive_citations.symbol IS 'Canonical số, ký hiệu.';
COMMENT ON COLUMN v_directive_citations.doc_type IS 'Chỉ thị, Nghị quyết, Kết luận, Quy định, Quyết định ...';
COMMENT ON COLUMN v_directive_citations.term IS 'Party term (khóa) of a central party document.';
COMMENT ON COLUMN v_directive_citations.locality IS 'Issuing locality of a local document.';
COMMENT ON COLUMN v_directive_citations.issuer_code IS 'Issuer code of the symbol: TW, CP, TTg, UBND ...';
COMMENT ON COLUMN v_directive_citations.issuer_name IS 'Issuing body, as the citations state it (directives.issuer_name).';
COMMENT ON COLUMN v_directive_citations.issuer_source IS 'stated (citations say it) | symbol (implied by the issuer code only).';
COMMENT ON COLUMN v_directive_citations.issued_on IS 'Issue date as the citations give it.';
COMMENT ON COLUMN v_directive_citations.subject IS 'Subject as the citations give it, best supported first.';
COMMENT ON COLUMN v_directive_citations.first_cited IS 'Earliest publication date of a story citing it.';
COMMENT ON COLUMN v_directive_citations.last_cited IS 'Latest publication date of a story citing it.';
COMMENT ON COLUMN v_directive_citations.articles IS 'Distinct stories citing it (directive_mentions resolved to it, counted by article_id).';
COMMENT ON COLUMN v_directive_citations.sites IS 'Distinct sites carrying a copy (article_copies) of a story citing it.';

COMMENT ON COLUMN v_ambiguous_citations.symbol IS 'Symbol as cited.';
COMMENT ON COLUMN v_ambiguous_citations.group_key IS 'Unit of resolution (directive_mentions.group_key).';
COMMENT ON COLUMN v_ambiguous_citations.reason IS 'link_method of the unresolved citations: why no document was chosen.';
COMMENT ON COLUMN v_ambiguous_citations.candidates IS 'Most documents any of these citations could have meant.';
COMMENT ON COLUMN v_ambiguous_citations.articles IS 'Distinct stories holding such a citation.';
COMMENT ON COLUMN v_ambiguous_citations.first_cited IS 'Earliest publication date of those stories.';
COMMENT ON COLUMN v_ambiguous_citations.last_cited IS 'Latest publication date of those stories.';

COMMENT ON COLUMN v_directive_statements.directive_id IS 'Real document (directives.directive_id).';
COMMENT ON COLUMN v_directive_statements.symbol IS 'Its canonical symbol.';
COMMENT ON COLUMN v_directive_statements.field IS 'issuer | subject | issued_on | locality: what the citation states.';
COMMENT ON COLUMN v_directive_statements.value IS 'The value as stated (dates as ISO text).';
COMMENT ON COLUMN v_directive_statements.stories IS 'Distinct stories whose citations of the document state this value.';
COMMENT ON COLUMN v_directive_statements.first_stated IS 'Earliest publication date of a citation stating it.';
COMMENT ON COLUMN v_directive_statements.last_stated IS 'Latest publication date of a citation stating it.';
COMMENT ON COLUMN v_directive_statements.chosen IS 'The value is the one the directives row kept.';

-- v_conference_calendar: its lists (bridge chairs, bridge points, documents, sites) came in
-- whatever order the hash aggregate produced, so the same warehouse gave different text from one
-- query to the next; they are sorted now, like chairs and speakers already were.
CREATE OR REPLACE VIEW v_conference_calendar AS
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
    (SELECT string_agg(DISTINCT p.name || ' (' || cp.bridge_point || ')', '; '
                      ORDER BY p.name || ' (' || cp.bridge_point || ')')
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'bridge_chair') AS bridge_chairs,
    (SELECT string_agg(DISTINCT p.name, '; ' ORDER BY p.name)
       FROM conference_participants cp JOIN people p USING (person_id)
      WHERE cp.conference_id = c.conference_id AND cp.role = 'speaker') AS speakers,
    (SELECT string_agg(DISTINCT m.bridge_point, '; ' ORDER BY m.bridge_point)
       FROM conference_mentions m
      WHERE m.conference_id = c.conference_id) AS bridge_points,
    (SELECT string_agg(DISTINCT cd.directive_id, '; ' ORDER BY cd.directive_id)
       FROM conference_directives cd
      WHERE cd.conference_id = c.conference_id) AS directives,
    (SELECT string_agg(DISTINCT s.name, '; ' ORDER BY s.name)
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
COMMENT ON COLUMN v_conference_calendar.conference_id IS 'Real conference (conferences.conference_id).';
COMMENT ON COLUMN v_conference_calendar.name IS 'Canonical name.';
COMMENT ON COLUMN v_conference_calendar.held_on IS 'Date held (first day).';
COMMENT ON COLUMN v_conference_calendar.held_until IS 'Last day of a multi-day event.';
COMMENT ON COLUMN v_conference_calendar.period IS 'Reporting period of a recurring series.';
COMMENT ON COLUMN v_conference_calendar.kind IS 'báo cáo viên, thông tin chuyên đề, quán triệt, sơ kết, tổng kết ...';
COMMENT ON COLUMN v_conference_calendar.organizer IS 'Organising body as the reports state it.';
COMMENT ON COLUMN v_conference_calendar.format IS 'trực tuyến | trực tiếp | trực tiếp kết hợp trực tuyến; NULL when not stated.';
COMMENT ON COLUMN v_conference_calendar.location IS 'Venue when stated.';
COMMENT ON COLUMN v_conference_calendar.nationwide IS 'A report calls it national.';
COMMENT ON COLUMN v_conference_calendar.status IS 'held | planned.';
COMMENT ON COLUMN v_conference_calendar.chairs IS 'Distinct people chairing it at the main venue (role chair), "; "-separated.';
COMMENT ON COLUMN v_conference_calendar.bridge_chairs IS 'Distinct people chairing a bridge point, "name (point)", "; "-separated.';
COMMENT ON COLUMN v_conference_calendar.speakers IS 'Distinct speakers, "; "-separated.';
COMMENT ON COLUMN v_conference_calendar.bridge_points IS 'Distinct bridge points its reports speak from.';
COMMENT ON COLUMN v_conference_calendar.directives IS 'Distinct documents it disseminated (conference_directives).';
COMMENT ON COLUMN v_conference_calendar.sources IS 'Distinct sites carrying a copy of a story reporting it.';
COMMENT ON COLUMN v_conference_calendar.articles IS 'Distinct stories reporting it (conference_articles).';
COMMENT ON COLUMN v_conference_calendar.reports IS 'Reports (conference_mentions) resolved to it.';
COMMENT ON COLUMN v_conference_calendar.sites IS 'Distinct sites of those reports (conference_mentions.source_id).';

COMMENT ON COLUMN v_conference_reports.mention_id IS 'The report (conference_mentions.mention_id).';
COMMENT ON COLUMN v_conference_reports.conference_id IS 'Conference it resolved to; NULL until resolved.';
COMMENT ON COLUMN v_conference_reports.article_id IS 'Reporting story.';
COMMENT ON COLUMN v_conference_reports.article_title IS 'Title of the story.';
COMMENT ON COLUMN v_conference_reports.site IS 'Site of the copy the report was extracted from.';
COMMENT ON COLUMN v_conference_reports.published_on IS 'Publication date of the story.';
COMMENT ON COLUMN v_conference_reports.name_as_written IS 'Conference name as the story wrote it.';
COMMENT ON COLUMN v_conference_reports.organizer_as_written IS 'Organiser as the story wrote it.';
COMMENT ON COLUMN v_conference_reports.held_on_as_written IS 'Date held as the story gives it.';
COMMENT ON COLUMN v_conference_reports.bridge_point IS 'Locality the report speaks from; NULL for the main venue.';
COMMENT ON COLUMN v_conference_reports.status IS 'held | planned, as the report says.';
COMMENT ON COLUMN v_conference_reports.link_method IS 'splink | single: how the report was linked to its conference.';
COMMENT ON COLUMN v_conference_reports.link_confidence IS 'How surely it belongs to its conference, 0..1.';
COMMENT ON COLUMN v_conference_reports.conference_name IS 'Canonical name of the conference.';
COMMENT ON COLUMN v_conference_reports.conference_held_on IS 'Date held of the conference.';

COMMENT ON COLUMN v_people_roles.person_id IS 'Person (people.person_id).';
COMMENT ON COLUMN v_people_roles.name IS 'Name as written.';
COMMENT ON COLUMN v_people_roles.conferences_chaired IS 'Distinct conferences chaired at the main venue.';
COMMENT ON COLUMN v_people_roles.bridge_points_chaired IS 'Distinct conferences where the person chaired a bridge point.';
COMMENT ON COLUMN v_people_roles.conferences_spoken IS 'Distinct conferences spoken at.';
COMMENT ON COLUMN v_people_roles.positions_seen IS 'Dated positions, "title organisation (first – last seen)", "; "-separated.';
COMMENT ON COLUMN v_people_roles.first_seen IS 'Earliest date held of a conference the person took part in.';
COMMENT ON COLUMN v_people_roles.last_seen IS 'Latest date held of a conference the person took part in.';

COMMENT ON COLUMN v_fetch_errors.run_id IS 'Run that made the fetches.';
COMMENT ON COLUMN v_fetch_errors.source_id IS 'Site; NULL for off-registry URLs.';
COMMENT ON COLUMN v_fetch_errors.reason IS 'captures.error, else "HTTP <status>" for a status of 400 or more.';
COMMENT ON COLUMN v_fetch_errors.fetches IS 'Captures that failed for this reason; sums to the failed captures of the run.';
COMMENT ON COLUMN v_fetch_errors.example_url IS 'One such URL (the smallest).';

COMMENT ON COLUMN v_page_outcomes.capture_id IS 'The capture (captures.capture_id): one row each.';
COMMENT ON COLUMN v_page_outcomes.url IS 'URL fetched.';
COMMENT ON COLUMN v_page_outcomes.source_id IS 'Site; NULL for off-registry URLs.';
COMMENT ON COLUMN v_page_outcomes.run_id IS 'Run that made the fetch.';
COMMENT ON COLUMN v_page_outcomes.fetched_at IS 'When the fetch happened, UTC.';
COMMENT ON COLUMN v_page_outcomes.status IS 'HTTP status; NULL when no response came.';
COMMENT ON COLUMN v_page_outcomes.outcome IS 'page_outcomes.outcome, or unrecorded for captures loaded before migration 0007.';
COMMENT ON COLUMN v_page_outcomes.reason IS 'page_outcomes.reason (why rejected or failed, or a detail).';
COMMENT ON COLUMN v_page_outcomes.article_id IS 'Story the page became, when it became an article.';
COMMENT ON COLUMN v_page_outcomes.date_source IS 'How the page''s publication date was found, when it became an article.';

-- Input: staged_conferences(conference_id). The documents each of those conferences
-- disseminated: a symbol its report names in its name or agenda, resolved through the report's
-- own citation of that symbol in the same story. The reports and the citations of their
-- stories are read by index (conference_id, then article_id); the symbols are matched in the
-- small temp tables.
DELETE FROM conference_directives
WHERE conference_id IN (SELECT conference_id FROM staged_conferences);
CREATE OR REPLACE TEMP TABLE disseminating_reports AS
SELECT conference_id, article_id, directives FROM conference_mentions
WHERE conference_id IN (SELECT conference_id FROM staged_conferences);
CREATE OR REPLACE TEMP TABLE report_citations AS
SELECT article_id, symbol, directive_id FROM directive_mentions
WHERE article_id IN (SELECT article_id FROM disseminating_reports);
-- A plain INSERT: the conferences' rows were deleted above and the rows are DISTINCT, so none
-- conflicts (INSERT OR REPLACE / ON CONFLICT is a join against the whole of conference_directives).
INSERT INTO conference_directives BY NAME
SELECT DISTINCT cm.conference_id, dm.directive_id
FROM (
    SELECT conference_id, article_id, unnest(directives) AS symbol FROM disseminating_reports
) cm
JOIN report_citations dm ON dm.article_id = cm.article_id AND dm.symbol = cm.symbol
WHERE dm.directive_id IS NOT NULL;
DROP TABLE disseminating_reports;
DROP TABLE report_citations;

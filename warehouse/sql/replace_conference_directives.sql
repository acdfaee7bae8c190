-- Input: staged_conferences(conference_id). The documents each of those conferences
-- disseminated: a symbol its report names in its name or agenda, resolved through the report's
-- own citation of that symbol in the same story.
DELETE FROM conference_directives
WHERE conference_id IN (SELECT conference_id FROM staged_conferences);
INSERT OR REPLACE INTO conference_directives BY NAME
SELECT DISTINCT cm.conference_id, dm.directive_id
FROM (
    SELECT conference_id, article_id, unnest(directives) AS symbol
    FROM conference_mentions
    WHERE conference_id IN (SELECT conference_id FROM staged_conferences)
) cm
JOIN directive_mentions dm ON dm.article_id = cm.article_id AND dm.symbol = cm.symbol
WHERE dm.directive_id IS NOT NULL;

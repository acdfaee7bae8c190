-- Input: staged_directive_links(mention_id, directive_id, link_method, link_confidence,
-- candidates), staged_directive_entities with the columns of directives, and
-- staged_whole_groups(group_key): the groups re-resolved whole, whose old documents are replaced
-- by the new ones. A group resolved incrementally (its new citations against its stored
-- documents) keeps its documents; the ones its new citations changed are in
-- staged_directive_entities and replace their old rows.
-- What the rewrite may orphan, for resolve's sweep (delete_orphan_entities.sql): the groups'
-- old documents, those the citations linked to before, and the documents rewritten.
INSERT INTO orphan_candidates
SELECT 'directive', d.directive_id FROM directives d
JOIN staged_whole_groups g ON d.group_key = g.group_key
UNION ALL
SELECT 'directive', m.directive_id FROM directive_mentions m
JOIN staged_whole_groups g ON m.group_key = g.group_key
UNION ALL
SELECT 'directive', m.directive_id FROM directive_mentions m
JOIN staged_directive_links l ON m.mention_id = l.mention_id
UNION ALL
SELECT 'directive', directive_id FROM staged_directive_entities;
DELETE FROM directives WHERE group_key IN (SELECT group_key FROM staged_whole_groups);
-- (a NULL link matches no directive_id: no second condition on the group_key lookup)
DELETE FROM directives WHERE directive_id IN (
    SELECT m.directive_id FROM directive_mentions m
    JOIN staged_whole_groups g ON m.group_key = g.group_key
);
UPDATE directive_mentions SET
    directive_id = l.directive_id,
    link_method = l.link_method,
    unresolved = CASE WHEN l.link_method IS NULL THEN true END,
    link_confidence = l.link_confidence,
    candidates = l.candidates
FROM staged_directive_links l
WHERE directive_mentions.mention_id = l.mention_id;
INSERT OR REPLACE INTO directives BY NAME
SELECT * FROM staged_directive_entities;

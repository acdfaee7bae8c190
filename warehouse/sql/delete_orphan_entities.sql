-- Entities no mention resolves to any more (their stories were re-extracted or merged away),
-- and the rows hanging on them. Anti-joins on id columns: run once per resolve.
DELETE FROM conferences WHERE conference_id NOT IN (
    SELECT conference_id FROM conference_mentions WHERE conference_id IS NOT NULL);
DELETE FROM conference_participants WHERE conference_id NOT IN (SELECT conference_id FROM conferences);
DELETE FROM conference_directives WHERE conference_id NOT IN (SELECT conference_id FROM conferences)
    OR directive_id NOT IN (SELECT directive_id FROM directives);
DELETE FROM conference_edges WHERE left_mention_id NOT IN (SELECT mention_id FROM conference_mentions)
    OR right_mention_id NOT IN (SELECT mention_id FROM conference_mentions);
DELETE FROM directives WHERE directive_id NOT IN (
    SELECT directive_id FROM directive_mentions WHERE directive_id IS NOT NULL);
DELETE FROM directive_relations WHERE article_id NOT IN (
    SELECT article_id FROM directive_relation_mentions);
DELETE FROM people WHERE person_id NOT IN (
    SELECT person_id FROM person_mentions WHERE person_id IS NOT NULL);
DELETE FROM positions WHERE person_id NOT IN (SELECT person_id FROM people);
DELETE FROM conference_participants WHERE person_id NOT IN (SELECT person_id FROM people);
DELETE FROM organizations WHERE organization_id NOT IN (
    SELECT organization_id FROM conferences WHERE organization_id IS NOT NULL
    UNION SELECT organization_id FROM positions WHERE organization_id IS NOT NULL);
DELETE FROM organization_aliases WHERE organization_id NOT IN (SELECT organization_id FROM organizations);

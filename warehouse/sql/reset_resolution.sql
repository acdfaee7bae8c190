-- A rebuild: every entity and every accepted pair is derived again from the mentions, so they
-- are emptied and every mention is marked unresolved (`unresolved`, migration 0019, with it).
DELETE FROM conference_participants;
DELETE FROM conference_directives;
DELETE FROM conferences;
DELETE FROM conference_edges;
DELETE FROM directive_relations;
DELETE FROM directives;
DELETE FROM positions;
DELETE FROM people;
DELETE FROM organization_aliases;
DELETE FROM organizations;
UPDATE conference_mentions SET conference_id = NULL, link_method = NULL, link_confidence = NULL,
    unresolved = true;
UPDATE person_mentions SET person_id = NULL, link_method = NULL, link_confidence = NULL,
    unresolved = true;
UPDATE directive_mentions SET group_key = NULL, directive_id = NULL, link_method = NULL,
    link_confidence = NULL, candidates = NULL, unresolved = true;

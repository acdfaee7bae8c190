-- 0019: the load's re-extraction and merges, resolution and the orphan sweeps read only what the
-- batch or the resolve touched, through indexes (issue 13; docs/warehouse.md "Per-run queries").
--
-- Unresolved mentions: `unresolved` is TRUE exactly while link_method is NULL and NULL once the
-- mention is linked (never FALSE): DuckDB's ART index leaves NULL keys out, so the index holds
-- the pending mentions only and `unresolved = true` is an index lookup of them (no index serves
-- `link_method IS NULL`). Every statement that sets or clears link_method sets it too.
ALTER TABLE conference_mentions ADD COLUMN unresolved BOOLEAN;
ALTER TABLE person_mentions ADD COLUMN unresolved BOOLEAN;
ALTER TABLE directive_mentions ADD COLUMN unresolved BOOLEAN;
-- Indexed before it is set: DuckDB creates no index over updates not yet committed.
CREATE INDEX conference_mentions_unresolved ON conference_mentions (unresolved);
CREATE INDEX person_mentions_unresolved ON person_mentions (unresolved);
CREATE INDEX directive_mentions_unresolved ON directive_mentions (unresolved);
UPDATE conference_mentions SET unresolved = true WHERE link_method IS NULL;
UPDATE person_mentions SET unresolved = true WHERE link_method IS NULL;
UPDATE directive_mentions SET unresolved = true WHERE link_method IS NULL;
COMMENT ON COLUMN conference_mentions.unresolved IS 'TRUE while the report is not yet resolved (link_method NULL), NULL once linked: the resolve step reads the pending reports by its index.';
COMMENT ON COLUMN person_mentions.unresolved IS 'TRUE while the mention is not yet resolved (link_method NULL), NULL once linked: the resolve step reads the pending mentions by its index.';
COMMENT ON COLUMN directive_mentions.unresolved IS 'TRUE while the citation is not yet resolved (link_method NULL), NULL once linked: the resolve step reads the pending citations by its index.';

-- Entities by the ids an orphan check or a rewrite looks them up by. No foreign key references
-- an entity or mention table, so updating these columns (delete + insert in DuckDB) is safe.
CREATE INDEX person_mentions_person_id ON person_mentions (person_id);
CREATE INDEX directive_mentions_directive_id ON directive_mentions (directive_id);
CREATE INDEX directive_relations_article_id ON directive_relations (article_id);
CREATE INDEX directive_relation_mentions_from_mention_id
    ON directive_relation_mentions (from_mention_id);
CREATE INDEX conference_directives_conference_id ON conference_directives (conference_id);
CREATE INDEX conference_directives_directive_id ON conference_directives (directive_id);
CREATE INDEX conference_participants_conference_id ON conference_participants (conference_id);
CREATE INDEX conference_participants_person_id ON conference_participants (person_id);
CREATE INDEX conferences_organization_id ON conferences (organization_id);
CREATE INDEX positions_organization_id ON positions (organization_id);
CREATE INDEX organization_aliases_organization_id ON organization_aliases (organization_id);

-- What may have been orphaned: the ids whose rows lost a reference (a mention deleted, moved or
-- re-linked; an entity deleted or rewritten), written by the statement that removed it and read
-- (then emptied) by the sweep of that kind: delete_orphan_articles.sql after each load,
-- delete_orphan_entities.sql at the end of each resolve. It holds what is pending, not history.
CREATE TABLE orphan_candidates (
    kind  VARCHAR NOT NULL,
    id    VARCHAR
);
COMMENT ON TABLE orphan_candidates IS 'Ids that may have lost their last reference since the last sweep (a story''s copies moved, an entity''s mentions deleted or re-linked); the orphan sweeps check only these and empty them. Pending work, not history.';
COMMENT ON COLUMN orphan_candidates.kind IS 'What the id names: story (articles: copies), conference, directive, person, organization (entity tables: mentions or referencing rows), report (conference_mentions.mention_id: its conference_edges), relations (article_id: its directive_relations).';
COMMENT ON COLUMN orphan_candidates.id IS 'The id to check (NULL: nothing to check, as when a deleted mention had no link).';

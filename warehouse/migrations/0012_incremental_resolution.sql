-- 0012: incremental resolution grows with the new mentions, not with the warehouse (issue 11).
--
-- * directive_mentions.disseminated is stored by the load (a conference the same story reports
--   disseminated the symbol, as pipelines.resolution.mentions.mentions_of derives it from one
--   extraction) instead of being derived on every resolve by a scan of conference_mentions.
-- * directives.group_key: the unit of resolution a document was resolved in (indexed), so a new
--   citation is resolved against the stored documents of its symbol without reading the
--   symbol's other citations (flows/resolve.py).
-- * people are read by name_key, positions by person_id (indexed).
-- Existing rows are filled from the mentions once.

ALTER TABLE directive_mentions ADD COLUMN disseminated BOOLEAN;
COMMENT ON COLUMN directive_mentions.disseminated IS 'A conference the same story reports disseminated this symbol (named in its name or agenda): rule undated-disseminated.';
UPDATE directive_mentions SET disseminated = EXISTS (
    SELECT 1 FROM conference_mentions c
    WHERE c.article_id = directive_mentions.article_id
      AND list_contains(c.directives, directive_mentions.symbol)
);

ALTER TABLE directives ADD COLUMN group_key VARCHAR;
COMMENT ON COLUMN directives.group_key IS 'Unit of resolution the document was resolved in (directive_mentions.group_key: the symbol, leading zeros dropped).';
CREATE INDEX directives_group_key ON directives (group_key);
UPDATE directives SET group_key = g.group_key
FROM (
    SELECT directive_id, min(group_key) AS group_key FROM directive_mentions
    WHERE directive_id IS NOT NULL GROUP BY directive_id
) g
WHERE directives.directive_id = g.directive_id;

-- The people of a name and their positions are read by key (index lookups, not scans): a new
-- mention of a name is joined to its stored people.
CREATE INDEX people_name_key ON people (name_key);
CREATE INDEX positions_person_id ON positions (person_id);

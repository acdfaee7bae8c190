-- Input: staged_organizations and staged_organization_aliases with the columns of organizations
-- and organization_aliases. A row depends only on its key, never on arrival order: the
-- smallest name wins for an organisation; for an alias, a curated entry wins over a spelling
-- seen in a mention, then the smallest alias.
-- Written, and checked by resolve's sweep (delete_orphan_entities.sql) like every organisation
-- a resolve touches: one no conference or position refers to is removed.
INSERT INTO orphan_candidates
SELECT 'organization', organization_id FROM staged_organizations;
INSERT INTO organizations BY NAME
SELECT * FROM staged_organizations
QUALIFY row_number() OVER (PARTITION BY organization_id ORDER BY name) = 1
ON CONFLICT (organization_id) DO UPDATE SET name = least(organizations.name, excluded.name);

-- Aliases: the staged organisations' stored aliases (by organization_id) and the staged ones,
-- the first of each key kept: ordered by (source, alias) with the stored row first on a tie,
-- which is what an upsert keeping the stored row unless the new one sorts before it does. The
-- organisations' aliases are then deleted and written back (an upsert on the two-column key
-- joins the whole table).
CREATE OR REPLACE TEMP TABLE alias_rows AS
SELECT *, 1 AS new_row FROM staged_organization_aliases
UNION ALL BY NAME
SELECT *, 0 AS new_row FROM organization_aliases
WHERE organization_id IN (SELECT organization_id FROM staged_organization_aliases);
DELETE FROM organization_aliases
WHERE organization_id IN (SELECT organization_id FROM staged_organization_aliases);
INSERT INTO organization_aliases BY NAME
SELECT * EXCLUDE (new_row) FROM alias_rows
QUALIFY row_number() OVER (
    PARTITION BY alias_key, organization_id
    ORDER BY source, alias, new_row, valid_from NULLS LAST, valid_until NULLS LAST, note NULLS LAST
) = 1;
DROP TABLE alias_rows;

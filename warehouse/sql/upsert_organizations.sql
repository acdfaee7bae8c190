-- Input: staged_organizations(organization_id, name, name_key)
INSERT INTO organizations BY NAME
SELECT * FROM staged_organizations
QUALIFY row_number() OVER (PARTITION BY organization_id ORDER BY name) = 1
ON CONFLICT DO NOTHING;

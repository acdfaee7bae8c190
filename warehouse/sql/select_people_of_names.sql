-- Input: staged_names(name_key). The stored people of those names (people.name_key is indexed,
-- migration 0012): what a new mention of the name is joined to.
SELECT person_id, name, name_key FROM people
WHERE name_key IN (SELECT name_key FROM staged_names);

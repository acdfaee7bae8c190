-- Name keys of the people mentions not yet resolved.
SELECT DISTINCT name_key FROM person_mentions WHERE link_method IS NULL;

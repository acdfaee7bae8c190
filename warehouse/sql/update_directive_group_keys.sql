-- Input: staged_group_keys(mention_id, group_key): the unit of resolution of each citation.
UPDATE directive_mentions SET group_key = k.group_key
FROM staged_group_keys k
WHERE directive_mentions.mention_id = k.mention_id;

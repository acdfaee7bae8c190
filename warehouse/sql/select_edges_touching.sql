-- Input: staged_ids(mention_id). Accepted pairs with either side among them (one step of the
-- walk over a connected component of reports). One lookup a side (conference_edges_left,
-- conference_edges_right): an OR of the two would scan every pair.
SELECT left_mention_id, right_mention_id, match_weight, match_probability
FROM conference_edges
WHERE left_mention_id IN (SELECT mention_id FROM staged_ids)
UNION
SELECT left_mention_id, right_mention_id, match_weight, match_probability
FROM conference_edges
WHERE right_mention_id IN (SELECT mention_id FROM staged_ids);

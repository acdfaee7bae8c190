-- Input: staged_scored(mention_id): reports just scored; staged_conference_edges with the
-- columns of conference_edges: their accepted pairs. A scored report's old pairs are replaced.
-- Each side is deleted on its own (an OR of the two would scan the table), and the pairs are
-- inserted plainly: each has a scored side, so none is left stored to conflict with (INSERT
-- OR REPLACE on a two-column key joins the whole table).
DELETE FROM conference_edges WHERE left_mention_id IN (SELECT mention_id FROM staged_scored);
DELETE FROM conference_edges WHERE right_mention_id IN (SELECT mention_id FROM staged_scored);
INSERT INTO conference_edges BY NAME
SELECT * FROM staged_conference_edges;

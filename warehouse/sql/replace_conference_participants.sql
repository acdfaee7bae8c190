-- Input: staged_conferences(conference_id) and staged_conference_participants with the columns
-- of conference_participants: those conferences' participants are rewritten. The rows are of
-- those conferences, one per key, and their old rows are deleted first: a plain INSERT (INSERT
-- OR REPLACE on a three-column key joins the whole table).
DELETE FROM conference_participants
WHERE conference_id IN (SELECT conference_id FROM staged_conferences);
INSERT INTO conference_participants BY NAME
SELECT * FROM staged_conference_participants;

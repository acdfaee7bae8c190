-- Input: staged_conferences(conference_id) and staged_conference_participants with the columns
-- of conference_participants: those conferences' participants are rewritten.
DELETE FROM conference_participants
WHERE conference_id IN (SELECT conference_id FROM staged_conferences);
INSERT OR REPLACE INTO conference_participants BY NAME
SELECT * FROM staged_conference_participants;

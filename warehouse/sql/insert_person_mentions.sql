-- Input: staged_person_mentions with the columns of person_mentions (links NULL).
INSERT OR REPLACE INTO person_mentions BY NAME
SELECT * FROM staged_person_mentions
QUALIFY row_number() OVER (PARTITION BY mention_id) = 1;

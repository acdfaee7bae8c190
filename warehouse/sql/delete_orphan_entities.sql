-- Entities no mention resolves to any more (their stories were re-extracted or merged away, or
-- resolution re-linked their mentions), and the rows hanging on them. Run once per resolve, on
-- the candidates only: the ids the loads since the last resolve and this resolve's rewrites
-- put in orphan_candidates (every statement that deletes or re-links a mention, or deletes or
-- rewrites an entity, records what it may orphan). Each check reads the candidates' rows by an
-- index (a join with the small `checked` table pushes its ids into the index scan), so the
-- sweep costs what was touched, not the archive; the candidates are then emptied.
CREATE OR REPLACE TEMP TABLE orphan_check AS
SELECT DISTINCT kind, id FROM orphan_candidates WHERE kind <> 'story' AND id IS NOT NULL;
DELETE FROM orphan_candidates WHERE kind <> 'story';

-- Conferences no report links to, and what hangs on a conference that is gone (deleted here
-- or by the resolve's rewrite).
CREATE OR REPLACE TEMP TABLE checked AS SELECT id FROM orphan_check WHERE kind = 'conference';
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT m.conference_id FROM conference_mentions m JOIN checked c ON m.conference_id = c.id;
INSERT INTO orphan_check
SELECT 'organization', c.organization_id FROM conferences c JOIN orphans o ON c.conference_id = o.id;
DELETE FROM conferences WHERE conference_id IN (SELECT id FROM orphans);
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT c.conference_id FROM conferences c JOIN checked k ON c.conference_id = k.id;
DELETE FROM conference_participants WHERE conference_id IN (SELECT id FROM orphans);
DELETE FROM conference_directives WHERE conference_id IN (SELECT id FROM orphans);

-- Pairs of reports one side of which is gone.
CREATE OR REPLACE TEMP TABLE checked AS SELECT id FROM orphan_check WHERE kind = 'report';
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT m.mention_id FROM conference_mentions m JOIN checked c ON m.mention_id = c.id;
DELETE FROM conference_edges WHERE left_mention_id IN (SELECT id FROM orphans);
DELETE FROM conference_edges WHERE right_mention_id IN (SELECT id FROM orphans);

-- Documents no citation links to, and the conferences' links to a document that is gone.
CREATE OR REPLACE TEMP TABLE checked AS SELECT id FROM orphan_check WHERE kind = 'directive';
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT m.directive_id FROM directive_mentions m JOIN checked c ON m.directive_id = c.id;
DELETE FROM directives WHERE directive_id IN (SELECT id FROM orphans);
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT d.directive_id FROM directives d JOIN checked c ON d.directive_id = c.id;
DELETE FROM conference_directives WHERE directive_id IN (SELECT id FROM orphans);

-- Relations between documents stated by a story that no longer states any.
CREATE OR REPLACE TEMP TABLE checked AS SELECT id FROM orphan_check WHERE kind = 'relations';
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT r.article_id FROM directive_relation_mentions r JOIN checked c ON r.article_id = c.id;
DELETE FROM directive_relations WHERE article_id IN (SELECT id FROM orphans);

-- People no mention links to, and the positions and participations of a person who is gone.
CREATE OR REPLACE TEMP TABLE checked AS SELECT id FROM orphan_check WHERE kind = 'person';
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT m.person_id FROM person_mentions m JOIN checked c ON m.person_id = c.id;
DELETE FROM people WHERE person_id IN (SELECT id FROM orphans);
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT p.person_id FROM people p JOIN checked c ON p.person_id = c.id;
INSERT INTO orphan_check
SELECT 'organization', p.organization_id FROM positions p JOIN orphans o ON p.person_id = o.id;
DELETE FROM positions WHERE person_id IN (SELECT id FROM orphans);
DELETE FROM conference_participants WHERE person_id IN (SELECT id FROM orphans);

-- Organisations no conference or position refers to (the organisers and bodies of the rows
-- deleted or rewritten, and those this resolve named), and their aliases.
CREATE OR REPLACE TEMP TABLE checked AS
SELECT DISTINCT id FROM orphan_check WHERE kind = 'organization' AND id IS NOT NULL;
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT c.organization_id FROM conferences c JOIN checked k ON c.organization_id = k.id
EXCEPT SELECT p.organization_id FROM positions p JOIN checked k ON p.organization_id = k.id;
DELETE FROM organizations WHERE organization_id IN (SELECT id FROM orphans);
CREATE OR REPLACE TEMP TABLE orphans AS
SELECT id FROM checked
EXCEPT SELECT o.organization_id FROM organizations o JOIN checked k ON o.organization_id = k.id;
DELETE FROM organization_aliases WHERE organization_id IN (SELECT id FROM orphans);

DROP TABLE orphans;
DROP TABLE checked;
DROP TABLE orphan_check;

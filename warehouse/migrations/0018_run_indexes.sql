-- 0018: every per-run statement reads what concerns its run and its sources through an index,
-- not by scanning a table that grows with the archive (issue 13; docs/warehouse.md "Per-run
-- queries"). DuckDB ART indexes serve `col = value` and `col IN (values)`, including the values a
-- small staged table pushes into a join (the writer connection raises the thresholds:
-- warehouse/sql/writer_settings.sql).
--
-- No index on a column a table referenced by a foreign key updates (DuckDB updates an indexed
-- column as delete + insert, which a referenced row cannot survive: see articles in 0001).

-- A run's captures (run captures, recovery, reprocess) and a source's (known pages, alert
-- history). Captures are facts, never updated.
CREATE INDEX captures_run_id ON captures (run_id);
CREATE INDEX captures_source_id ON captures (source_id);
-- Which captures became article pages (known pages, run captures): the capture behind a copy.
CREATE INDEX article_copies_capture_id ON article_copies (capture_id);
-- The copies of the stories a load touched (refresh_articles.sql counts them). article_copies is
-- referenced by no foreign key, so an upsert moving a page to another story (delete + insert of
-- an indexed column) is safe.
CREATE INDEX article_copies_article_id ON article_copies (article_id);
-- The article pages a run first stored (alert history: new pages of the source's recent runs).
CREATE INDEX article_copies_first_run_id ON article_copies (first_run_id);

-- Resolution (flows/resolve.py) and the load's re-extraction of touched stories
-- (replace_article_entities.sql, merge_stories.sql) read mentions by story, by conference and
-- by report; pairs of reports by either side (conference_edges_right is in 0010). No foreign key
-- references a mention table, so updating article_id or conference_id (a merge, a re-cluster)
-- as delete + insert is safe.
CREATE INDEX conference_mentions_article_id ON conference_mentions (article_id);
CREATE INDEX conference_mentions_conference_id ON conference_mentions (conference_id);
CREATE INDEX person_mentions_article_id ON person_mentions (article_id);
CREATE INDEX person_mentions_conference_mention_id ON person_mentions (conference_mention_id);
CREATE INDEX directive_mentions_article_id ON directive_mentions (article_id);
CREATE INDEX directive_relation_mentions_article_id ON directive_relation_mentions (article_id);
CREATE INDEX conference_edges_left ON conference_edges (left_mention_id);

-- Parameters: folded (delta rows emptied), reason. One row per full build of the main index.
INSERT INTO search_builds (built_at, stories, folded, reason)
SELECT now(), (SELECT count(*) FROM fts_main_articles.docs), $folded, $reason;

-- The delta's rows and the stories of the warehouse: whether the delta passed its share.
SELECT (SELECT count(*) FROM search_delta) AS delta, (SELECT count(*) FROM articles) AS stories;

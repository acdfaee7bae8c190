-- Which full-text indexes exist: the main one over articles, the delta's over search_delta.
SELECT
    count(*) FILTER (WHERE schema_name = 'fts_main_articles') > 0 AS main,
    count(*) FILTER (WHERE schema_name = 'fts_main_search_delta') > 0 AS delta
FROM duckdb_schemas();

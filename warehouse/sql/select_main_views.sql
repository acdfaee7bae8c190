-- Every analyst view of the main schema (the fts extension's own objects live in another schema):
-- with select_main_tables, the allow-list of names export may address.
SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal ORDER BY 1;

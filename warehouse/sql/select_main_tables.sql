-- Every base table of the main schema: the allow-list of names export and counts may address.
SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1;

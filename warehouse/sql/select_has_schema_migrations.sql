-- Is this file a vnarchive warehouse at all? (read-only openers check before reading)
SELECT count(*) > 0
FROM duckdb_tables()
WHERE schema_name = 'main' AND table_name = 'schema_migrations';

-- Comments of every main-schema table and view and of their columns, for the Parquet export's
-- key-value metadata: one row per column (column_index order), with its relation's comment.
SELECT
    c.table_name,
    coalesce(t.comment, v.comment) AS relation_comment,
    c.column_name,
    c.comment AS column_comment
FROM duckdb_columns() c
LEFT JOIN duckdb_tables() t
    ON t.schema_name = c.schema_name AND t.table_name = c.table_name
LEFT JOIN duckdb_views() v
    ON v.schema_name = c.schema_name AND v.view_name = c.table_name AND NOT v.internal
WHERE c.schema_name = 'main'
ORDER BY c.table_name, c.column_index;

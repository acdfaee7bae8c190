-- Applied migrations: version → checksum of the file that was applied.
SELECT version, checksum FROM schema_migrations;

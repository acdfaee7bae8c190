-- Set on every writer connection (warehouse.db.Warehouse). DuckDB 1.4 reads a table through an
-- ART index only when few rows match: at most max(index_scan_max_count, index_scan_percentage x
-- rows); and a join pushes its build side's keys into the probe side's scan as an IN filter
-- (which an index can serve) only up to dynamic_or_filter_threshold keys. The defaults (2048 and
-- 50) send a run's lookups of a few hundred staged keys (its captures, stories, mentions) to a
-- full scan of the table. Up to 10,000 rows an index lookup costs ~10 µs a row (≤ ~0.1 s), about a
-- full columnar scan of a 1M-row table; a run touching more than that is a big run (a first
-- crawl, a rebuild), for which the scan is in proportion. docs/warehouse.md "Per-run queries".
SET index_scan_max_count = 10000;
SET dynamic_or_filter_threshold = 10000;

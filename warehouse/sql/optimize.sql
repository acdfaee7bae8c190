-- Maintenance: refresh optimizer statistics, then fold the WAL into the file and reclaim blocks.
ANALYZE;
FORCE CHECKPOINT;

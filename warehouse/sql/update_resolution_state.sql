-- Parameters: $needs_rebuild, $reason, $resolved_at. One row, id = 1.
INSERT OR REPLACE INTO resolution_state VALUES (1, $needs_rebuild, $reason, $resolved_at);

SELECT source_id, priority FROM sources;

-- Is a rebuild pending (migration 0010 or a model change asked for one)?
SELECT needs_rebuild FROM resolution_state WHERE id = 1;

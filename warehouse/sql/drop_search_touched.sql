-- The load's scratch list of touched stories (search_delta_before.sql), once recorded.
DROP TABLE search_touched;

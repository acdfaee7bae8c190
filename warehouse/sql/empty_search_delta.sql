-- Folding the delta into a freshly built main index: every story is in the main index now.
DELETE FROM search_delta;

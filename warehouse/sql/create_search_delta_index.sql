-- The delta's full-text index (fts_main_search_delta): the same tokens as the main index
-- (create_search_index.sql: every parameter equal, so a story's terms and length are the same in
-- either index), over search_delta only, rebuilt whole because it is small.
PRAGMA create_fts_index(
    'search_delta', 'article_id', 'title', 'body',
    stemmer = 'none', stopwords = 'none', ignore = '(\.|[^\p{L}\p{N}])+',
    strip_accents = 0, lower = 1, overwrite = 1
);

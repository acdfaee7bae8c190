-- Full-text index over story titles and bodies (BM25). Accents are kept (strip_accents = 0):
-- in Vietnamese "bao cao" and "báo cáo" are different words. No stemmer or stop words exist for
-- Vietnamese in the fts extension; tokens are runs of letters and digits.
PRAGMA create_fts_index(
    'articles', 'article_id', 'title', 'body',
    stemmer = 'none', stopwords = 'none', ignore = '(\.|[^\p{L}\p{N}])+',
    strip_accents = 0, lower = 1, overwrite = 1
);

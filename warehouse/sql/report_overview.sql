-- The analyst report's headline figures (vnarchive report; warehouse/report.py).
SELECT
    (SELECT count(*) FROM articles) AS stories,
    (SELECT count(*) FROM article_copies) AS pages,
    (SELECT count(DISTINCT source_id) FROM article_copies) AS sites,
    (SELECT count(*) FROM directives) AS directives,
    (SELECT count(*) FROM conferences) AS conferences,
    (SELECT min(published_on) FROM article_copies) AS first_published,
    (SELECT max(published_on) FROM article_copies) AS last_published

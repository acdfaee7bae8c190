-- Parameters: query, any_word, accents, limit. The `search` macro (analyst_macros.sql) ranks.
SELECT article_id, title, published_on, site, url, exact, score, snippet
FROM search($query, any_word := $any_word, accents := $accents)
LIMIT $limit;

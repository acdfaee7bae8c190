-- Input: staged_article_urls(article_url): the articles whose entities this batch re-extracted.
-- Their old links are dropped first so a re-extraction never leaves stale mentions behind.
DELETE FROM directive_mentions WHERE article_url IN (SELECT article_url FROM staged_article_urls);
DELETE FROM directive_relations WHERE article_url IN (SELECT article_url FROM staged_article_urls);
DELETE FROM conference_articles WHERE article_url IN (SELECT article_url FROM staged_article_urls);

-- `vnarchive verify`: how many article pages were checked for their capture.
SELECT count(*) FROM article_copies;

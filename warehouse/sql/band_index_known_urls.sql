-- SQLite: which of the given URLs are indexed copies ({params}: one `?` per URL).
SELECT url FROM copies WHERE url IN ({params});

-- SQLite: the integer ids of the copies given by URL ({params}: one `?` per URL).
SELECT url, copy_id FROM copies WHERE url IN ({params});

-- After a load's statements, in its transaction (search_delta_before.sql ran first). Records in
-- search_delta every touched story whose searchable text (title, body) the load changed: a new
-- story, an edited or retitled one (its current text), or one left without copies (deleted: the
-- orphan clean-up after commit removes it from articles). Stories whose text is unchanged are
-- left out: their entry in the main index (or the delta) is still right.
INSERT INTO search_delta BY NAME
SELECT
    article_id,
    CASE WHEN NOT gone THEN title END AS title,
    CASE WHEN NOT gone THEN body END AS body,
    gone AS deleted,
    now() AS changed_at
FROM (
    SELECT t.article_id, t.existed, t.title AS old_title, t.body AS old_body, a.title, a.body,
        a.article_id IS NULL OR held.article_id IS NULL AS gone
    FROM search_touched t
    LEFT JOIN articles a USING (article_id)
    LEFT JOIN (
        SELECT DISTINCT article_id FROM article_copies
        WHERE article_id IN (SELECT article_id FROM search_touched)
    ) held USING (article_id)
)
WHERE CASE WHEN gone THEN existed
    ELSE NOT existed OR title IS DISTINCT FROM old_title OR body IS DISTINCT FROM old_body END
ON CONFLICT (article_id) DO UPDATE SET
    title = excluded.title,
    body = excluded.body,
    deleted = excluded.deleted,
    changed_at = excluded.changed_at;

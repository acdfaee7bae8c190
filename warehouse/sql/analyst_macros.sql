-- The analyst macro library: loaded into every `vnarchive sql` session (and by
-- `Warehouse.search`), after the fts extension. TEMP macros: a read-only file stays unchanged,
-- and the library is always the one of the code that opened the session.
-- Documented in docs/warehouse.md ("SQL shell and macros").

-- Offline: an extension this library lacks fails at once instead of being downloaded.
SET autoinstall_known_extensions = false;

-- A string lower-cased with every Vietnamese tone and vowel mark removed and đ → d ("Báo cáo
-- viên Đảng" → "bao cao vien dang"). Length-preserving on NFC text (bodies are NFC), so offsets
-- found in the folded text are offsets in the original. Reference: pipelines/search.py.
CREATE OR REPLACE TEMP MACRO fold_accents(s) AS replace(strip_accents(lower(s)), 'đ', 'd');

-- Tokens of a query fragment, as the fts index cuts text: runs of letters and digits.
CREATE OR REPLACE TEMP MACRO search_tokens(s) AS regexp_extract_all(s, '[\p{L}\p{N}]+');

-- Full-text search over stories (title and body), ranked by BM25.
--   search('báo cáo viên')          every word, anywhere in the story (all-words is the default)
--   search('"báo cáo viên"')        the phrase: the words in order, adjacent
--   search('bao cao vien')          typed without marks: matches every accented form
--   search('x y', any_word := true) any of the words (or quoted phrases)
--   accents := 'auto' (marks matter when the query has any), 'ignore', 'exact'
-- Results: stories matching as typed first (`exact`), then by BM25 `score`; `snippet` shows the
-- first match «highlighted» in about 200 characters of context.
CREATE OR REPLACE TEMP MACRO search(q, any_word := false, accents := 'auto') AS TABLE
WITH typed AS (
    SELECT lower(nfc_normalize(q)) AS typed
),
query AS (
    SELECT
        typed,
        CASE accents
            WHEN 'exact' THEN false
            WHEN 'ignore' THEN true
            WHEN 'auto' THEN fold_accents(typed) = typed
            ELSE error('accents must be auto, ignore or exact, not ' || accents)
        END AS folded,
        fold_accents(typed) <> typed AS marked,
        -- A quoted phrase is one unit; outside quotes each whitespace-separated chunk is one.
        list_filter(
            list_transform(regexp_extract_all(typed, '"([^"]*)"?', 1), p -> search_tokens(p))
            || list_transform(
                regexp_extract_all(regexp_replace(typed, '"[^"]*"?', ' ', 'g'), '\S+'),
                w -> search_tokens(w)
            ),
            u -> len(u) > 0
        ) AS units
    FROM typed
),
patterns AS (
    SELECT
        folded,
        marked,
        -- Each unit as a needle: its tokens between single spaces, searched in the story's
        -- token string (below), so a needle matches whole words only.
        list_transform(units, u -> ' ' || array_to_string(u, ' ') || ' ') AS exact_needles,
        list_transform(
            units, u -> ' ' || array_to_string(
                list_transform(u, t -> CASE WHEN folded THEN fold_accents(t) ELSE t END), ' '
            ) || ' '
        ) AS needles,
        list_distinct(flatten(units)) AS tokens
    FROM query
),
-- The index's terms for the query: its tokens as typed, or, folded, every indexed spelling of
-- them ("bao" → báo, bão, bảo, bào ...), each tied to the query token it spells. Two indexes
-- answer (docs/warehouse.md, "Full-text search"): the main one (fts_main_articles) for every
-- story not in search_delta, the delta's (fts_main_search_delta) for the stories a load added
-- or changed since the main one was built; a deleted story is in neither.
main_terms AS (
    SELECT d.termid, t.token
    FROM patterns p, (SELECT unnest(tokens) AS token FROM patterns) t,
        fts_main_articles.dict d
    WHERE CASE WHEN p.folded THEN fold_accents(d.term) = fold_accents(t.token)
        ELSE d.term = t.token END
),
delta_terms AS (
    SELECT d.termid, t.token
    FROM patterns p, (SELECT unnest(tokens) AS token FROM patterns) t,
        fts_main_search_delta.dict d
    WHERE CASE WHEN p.folded THEN fold_accents(d.term) = fold_accents(t.token)
        ELSE d.term = t.token END
),
main_docs AS (
    SELECT docid, name AS article_id, len FROM fts_main_articles.docs
    WHERE name NOT IN (SELECT article_id FROM search_delta)
),
delta_docs AS (
    SELECT docid, name AS article_id, len FROM fts_main_search_delta.docs
    WHERE name IN (SELECT article_id FROM search_delta WHERE NOT deleted)
),
-- BM25 (k = 1.2, b = 0.75, the fts extension's match_bm25) computed over the index tables, with
-- every spelling of a folded token counted as that one token (a rare spelling does not weigh
-- more than the common one). match_bm25 itself runs row by row: seconds with a query that is
-- not a constant. The statistics (stories, mean length, stories holding a token) are those of
-- the two indexes' live stories together: the ones a full rebuild would count, so the scores
-- are a full rebuild's. A story must hold every token (some spelling) unless any_word: the
-- string matching below only runs on stories that can match.
tf AS (
    SELECT d.article_id, d.len, q.token, count(*) AS tf
    FROM fts_main_articles.terms t JOIN main_terms q USING (termid) JOIN main_docs d USING (docid)
    GROUP BY ALL
    UNION ALL
    SELECT d.article_id, d.len, q.token, count(*) AS tf
    FROM fts_main_search_delta.terms t JOIN delta_terms q USING (termid)
        JOIN delta_docs d USING (docid)
    GROUP BY ALL
),
df AS (
    SELECT token, count(*) AS df FROM tf GROUP BY token
),
stats AS (
    SELECT sum(n) AS num_docs, sum(total) / sum(n) AS avgdl
    FROM (
        SELECT count(*) AS n, sum(len) AS total FROM main_docs
        UNION ALL
        SELECT count(*), sum(len) FROM delta_docs
    )
),
scored AS (
    SELECT tf.article_id,
        sum(
            log((stats.num_docs - df.df + 0.5) / (df.df + 0.5) + 1)
            * (tf.tf * 2.2 / (tf.tf + 1.2 * (0.25 + 0.75 * tf.len / stats.avgdl)))
        ) AS score
    FROM tf JOIN df USING (token), stats
    GROUP BY tf.article_id
    HAVING any_word OR count(*) = (SELECT len(tokens) FROM patterns)
),
-- The story as a string of tokens between single spaces, as the index cuts it; a character that
-- ends a phrase (line break, comma, full stop, bracket …) becomes a "|" token, so a phrase never
-- spans it. Spaces, tabs, hyphens, dashes and slashes join the tokens of a phrase (66-NQ/TW).
candidates AS (
    SELECT a.article_id, a.title, a.published_on, a.url, a.source_id, s.score, p.*,
        coalesce(a.title, '') || chr(10) || a.body AS story,
        lower(story) AS low,
        CASE WHEN p.folded THEN fold_accents(story) ELSE low END AS cmp,
        ' ' || regexp_replace(
            regexp_replace(cmp, '[^\p{L}\p{N} \t\-–/]+', ' | ', 'g'), '[ \t\-–/]+', ' ', 'g'
        ) || ' ' AS cmp_tokens,
        CASE WHEN p.folded AND p.marked THEN ' ' || regexp_replace(
            regexp_replace(low, '[^\p{L}\p{N} \t\-–/]+', ' | ', 'g'), '[ \t\-–/]+', ' ', 'g'
        ) || ' ' ELSE cmp_tokens END AS low_tokens
    FROM scored s JOIN articles a USING (article_id), patterns p
),
matched AS (
    SELECT *,
        list_filter(needles, x -> contains(cmp_tokens, x)) AS hits,
        list_filter(exact_needles, x -> contains(low_tokens, x)) AS exact_hits
    FROM candidates
    WHERE len(needles) > 0
),
located AS (
    SELECT *,
        -- Matched as typed, marks compared: only a query with marks can (an unmarked query
        -- found as typed is an unaccented spelling, not what the reader meant first).
        NOT folded OR (marked AND len(exact_hits) > 0
            AND (any_word OR len(exact_hits) = len(exact_needles))) AS exact,
        -- Where the first unit matched (as typed when the story matches as typed): every
        -- character that is not a letter or digit as a space keeps the offsets of the story
        -- (folding and lower-casing keep them too); 0 when its occurrences are all spaced
        -- irregularly (then the snippet is the story's start, unmarked).
        CASE WHEN exact THEN exact_hits[1] ELSE hits[1] END AS needle,
        instr(
            ' ' || regexp_replace(CASE WHEN exact THEN low ELSE cmp END, '[^\p{L}\p{N}]', ' ', 'g')
            || ' ', needle
        ) AS found_at,
        greatest(found_at - 1, 0) AS hit_at,
        CASE WHEN found_at > 0 THEN length(needle) - 2 ELSE 0 END AS hit_width
    FROM matched
    WHERE CASE WHEN any_word THEN len(hits) > 0 ELSE len(hits) = len(needles) END
)
SELECT
    l.article_id, l.title, l.published_on, src.name AS site, l.url, l.exact, l.score,
    replace(
        CASE WHEN hit_at > 90 THEN '…' ELSE '' END
        || substr(story, greatest(hit_at - 90, 0) + 1, least(hit_at, 90))
        || CASE WHEN hit_width > 0 THEN '«' || substr(story, hit_at + 1, hit_width) || '»' ELSE '' END
        || substr(story, hit_at + hit_width + 1, CASE WHEN hit_width > 0 THEN 110 ELSE 200 END)
        || CASE WHEN hit_at + hit_width + 110 < length(story) THEN '…' ELSE '' END,
        chr(10), ' '
    ) AS snippet
FROM located l
JOIN sources src USING (source_id)
ORDER BY l.exact DESC, l.score DESC, l.article_id;

-- One row per document cited under `sym` (a symbol such as '66-NQ/TW' may name several
-- documents: other Party terms, other localities): what it is, how widely it was cited and
-- disseminated.
CREATE OR REPLACE TEMP MACRO directive_card(sym) AS TABLE
SELECT
    d.directive_id, d.symbol, d.doc_type, d.term, d.locality, d.issuer_name, d.issued_on,
    d.subject, d.mentions AS citations,
    (SELECT count(DISTINCT m.article_id) FROM directive_mentions m
     WHERE m.directive_id = d.directive_id) AS stories,
    (SELECT count(DISTINCT c.source_id) FROM directive_mentions m
     JOIN article_copies c USING (article_id) WHERE m.directive_id = d.directive_id) AS sites,
    (SELECT min(m.published_on) FROM directive_mentions m
     WHERE m.directive_id = d.directive_id) AS first_cited,
    (SELECT max(m.published_on) FROM directive_mentions m
     WHERE m.directive_id = d.directive_id) AS last_cited,
    (SELECT count(*) FROM conference_directives cd
     WHERE cd.directive_id = d.directive_id) AS conferences
FROM directives d
WHERE d.symbol = upper(replace(trim(sym), ' ', ''))
ORDER BY d.mentions DESC, d.directive_id;

-- Month by month, how many stories cite the documents of `sym` (directive uptake over time).
CREATE OR REPLACE TEMP MACRO directive_timeline(sym) AS TABLE
SELECT date_trunc('month', m.published_on) AS month, count(DISTINCT m.article_id) AS stories,
    count(DISTINCT c.source_id) AS sites
FROM directive_mentions m
JOIN directives d USING (directive_id)
JOIN article_copies c USING (article_id)
WHERE d.symbol = upper(replace(trim(sym), ' ', '')) AND m.published_on IS NOT NULL
GROUP BY ALL
ORDER BY month;

-- Archived legal documents (the `documents` layer, migration 0020) whose symbol, title, trích
-- yếu or full text hold every word of `q`, as whole tokens; a query typed without marks matches
-- every accented form (as `search`). A scan of `documents`, not an index: documents number far
-- fewer than stories. Newest first.
CREATE OR REPLACE TEMP MACRO search_documents(q) AS TABLE
WITH query AS (
    SELECT search_tokens(lower(nfc_normalize(q))) AS words,
           fold_accents(lower(nfc_normalize(q))) = lower(nfc_normalize(q)) AS folded
)
SELECT d.document_id, d.symbol, d.doc_type, d.issuer, d.issued_on, d.validity, d.title, d.summary
FROM documents d, query
WHERE len(query.words) > 0
  AND list_has_all(
      search_tokens(
          CASE WHEN query.folded
               THEN fold_accents(concat_ws(' ', d.symbol, d.title, d.summary, d.full_text))
               ELSE lower(concat_ws(' ', d.symbol, d.title, d.summary, d.full_text))
          END
      ),
      query.words
  )
ORDER BY d.issued_on DESC NULLS LAST, d.document_id;

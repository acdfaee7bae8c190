-- Input: staged_page_outcomes with the columns of page_outcomes: one outcome per capture of the
-- batch. A reload or reprocess re-decides the outcome (a better extractor may now keep a page),
-- so an existing row is rewritten when what it says changed.
INSERT INTO page_outcomes BY NAME
SELECT * FROM staged_page_outcomes
QUALIFY row_number() OVER (PARTITION BY capture_id ORDER BY decided_at DESC) = 1
ON CONFLICT (capture_id) DO UPDATE SET
    outcome    = excluded.outcome,
    reason     = excluded.reason,
    copy_url   = excluded.copy_url,
    decided_at = excluded.decided_at
WHERE page_outcomes.outcome <> excluded.outcome
   OR page_outcomes.reason IS DISTINCT FROM excluded.reason
   OR page_outcomes.copy_url IS DISTINCT FROM excluded.copy_url;

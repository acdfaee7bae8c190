-- Per site per month: pages published there and the stories they carry, from the analyst view
-- v_site_activity (each count aggregated on its own, reconciled with article_copies by
-- tests/test_analyst_views.py).
SELECT site, month, pages, stories
FROM v_site_activity
ORDER BY month, site

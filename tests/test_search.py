"""Search that means what Vietnamese readers mean, on real article texts (benchmarks/devset).

The warehouse answers in SQL (the `search` macro of warehouse/sql/analyst_macros.sql); each hit
set is checked against an independent Python reading of the same query (pipelines/search.py and
a plain tokenisation of the story), and the counts that tell phrase, all-words and any-word
apart are checked on texts where they differ.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.search import fold_accents, has_diacritics, parse_query
from vnarchive.cli import app
from warehouse.db import Warehouse, load_analyst_macros

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "devset" / "devset.jsonl"
STORIES = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def search_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated warehouse holding the 30 development articles as stories, indexed."""
    path = tmp_path_factory.mktemp("search") / "w.duckdb"
    with Warehouse(path) as warehouse:
        con = warehouse.con
        warehouse.start_run("run-1", datetime.now(UTC), [])
        for domain in sorted({s["domain"] for s in STORIES}):
            con.execute(
                "INSERT INTO sources (source_id, name, base_url, priority) VALUES (?, ?, ?, 0)",
                [domain, domain, f"https://{domain}/"],
            )
        for story in STORIES:
            title, _, body = story["text"].partition("\n")
            if story is STORIES[-1]:  # a page without a title: all of it is the body
                title, body = None, story["text"]
            con.execute(
                "INSERT INTO articles (article_id, url, source_id, title, body, content_hash, "
                "copies, first_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, 'run-1', now())",
                [story["id"], story["url"], story["domain"], title, body, story["id"]],
            )
        warehouse.refresh_search_index()
    return path


def _story_tokens(text: str, folded: bool) -> str:
    """The story as the reference reads it: lower-cased (folded), runs of letters and digits
    between single spaces, a "|" wherever a phrase must stop (anything but a space, tab,
    hyphen, dash or slash)."""
    text = unicodedata.normalize("NFC", text).lower()
    if folded:
        text = fold_accents(text)
    text = re.sub(r"[^\w \t\-–/]+|_", " | ", text)
    return " " + re.sub(r"[ \t\-–/]+", " ", text).strip() + " "


def expected_hits(query: str, any_word: bool = False, accents: str = "auto") -> set[str]:
    parsed = parse_query(query, accents)
    found = set()
    for story in STORIES:
        tokens = _story_tokens(story["text"], parsed.folded)
        held = [f" {' '.join(unit)} " in tokens for unit in parsed.units]
        if held and (any(held) if any_word else all(held)):
            found.add(story["id"])
    return found


def run_search(db: Path, query: str, **options: object) -> list[tuple]:
    with Warehouse(db, read_only=True) as warehouse:
        return warehouse.search(query, limit=1000, **options)  # type: ignore[arg-type]


# -- the pure reference ------------------------------------------------------------------------


def test_fold_accents_strips_tones_vowel_marks_and_d_bar() -> None:
    assert fold_accents("Báo cáo viên Đảng ủy Thường trực") == "bao cao vien dang uy thuong truc"
    assert fold_accents("ƯỚC LƯỢNG đường ĐI") == "uoc luong duong di"


def test_fold_accents_is_the_same_for_nfc_and_nfd_and_keeps_length_of_nfc_text() -> None:
    for story in STORIES:
        nfc = unicodedata.normalize("NFC", story["text"])
        nfd = unicodedata.normalize("NFD", story["text"])
        assert fold_accents(nfd) == fold_accents(nfc)
        assert len(fold_accents(nfc)) == len(nfc)  # snippets rely on equal offsets
        assert not has_diacritics(fold_accents(nfc))


def test_parse_query_reads_phrases_words_and_symbols() -> None:
    parsed = parse_query('"Báo cáo viên" tháng 66-NQ/TW')
    assert parsed.units == (("báo", "cáo", "viên"), ("tháng",), ("66", "nq", "tw"))
    assert not parsed.folded
    assert parse_query("bao cao vien").folded
    assert not parse_query("bao cao vien", accents="exact").folded
    assert parse_query("báo cáo", accents="ignore").units == (("bao",), ("cao",))
    assert parse_query('"unterminated phrase').units == (("unterminated", "phrase"),)


def test_sql_fold_equals_the_python_fold_on_every_development_text(search_db: Path) -> None:
    with duckdb.connect(str(search_db), read_only=True) as con:
        load_analyst_macros(con)
        for story in STORIES:
            text = unicodedata.normalize("NFC", story["text"])
            assert con.execute("SELECT fold_accents(?)", [text]).fetchone()[0] == fold_accents(text)


# -- search over real articles -----------------------------------------------------------------

QUERIES = [
    "báo cáo viên",
    '"báo cáo viên"',
    '"hội nghị báo cáo viên"',
    "bao cao vien",
    '"bao cao vien"',
    "nghị quyết đảng bộ",
    '"nghị quyết" "đảng bộ"',
    "dang bo",
    "tuyen truyen",
    "Ban Chấp hành",
    '"ban chap hanh"',
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("any_word", [False, True])
def test_hits_are_exactly_the_stories_the_reference_finds(
    search_db: Path, query: str, any_word: bool
) -> None:
    hits = {row[0] for row in run_search(search_db, query, any_word=any_word)}
    assert hits == expected_hits(query, any_word)
    assert hits  # every query above occurs in the development articles


def test_phrase_all_words_and_any_word_differ_as_they_should(search_db: Path) -> None:
    phrase = {r[0] for r in run_search(search_db, '"hội nghị báo cáo viên"')}
    words = {r[0] for r in run_search(search_db, "hội nghị báo cáo viên")}
    any_word = {r[0] for r in run_search(search_db, "hội nghị báo cáo viên", any_word=True)}
    assert phrase < words < any_word  # strictly: each reading finds more
    # The phrase means the words in order: every phrase hit holds it verbatim (lower-cased).
    texts = {s["id"]: s["text"].lower() for s in STORIES}
    assert all("hội nghị báo cáo viên" in texts[i] for i in phrase)


def test_unaccented_query_finds_the_accented_stories(search_db: Path) -> None:
    accented = {r[0] for r in run_search(search_db, '"báo cáo viên"')}
    plain = {r[0] for r in run_search(search_db, '"bao cao vien"')}
    assert accented and plain == accented  # no other accenting of the phrase in these texts
    # Before: an unaccented query only found unaccented words (none in these articles).
    assert run_search(search_db, '"bao cao vien"', accents="exact") == []


def test_marks_count_when_typed(search_db: Path) -> None:
    """ "bảo" (protect) is not "báo" (report): a query with marks finds only its own spelling."""
    bao_ve = {r[0] for r in run_search(search_db, '"bảo vệ"')}
    bao = {r[0] for r in run_search(search_db, "bao")}
    bao_report = {r[0] for r in run_search(search_db, "báo")}
    assert bao_ve and bao_report
    assert bao_report < bao and bao_ve <= bao  # folded: every spelling of "bao"
    texts = {s["id"]: s["text"].lower() for s in STORIES}
    assert all("bảo vệ" in texts[i] for i in bao_ve)


def test_ranking_puts_accented_exact_matches_first_then_bm25(search_db: Path) -> None:
    rows = run_search(search_db, "bảo", accents="ignore")
    exact = [row[5] for row in rows]
    assert set(exact) == {True, False}  # some stories hold only báo/bão/bao …
    assert exact == sorted(exact, reverse=True)  # every exact match before any other
    texts = {s["id"]: s["text"].lower() for s in STORIES}
    for row in rows:
        assert row[5] == bool(re.search(r"(?<!\w)bảo(?!\w)", texts[row[0]]))
    for group in (True, False):
        scores = [row[6] for row in rows if row[5] is group]
        assert scores == sorted(scores, reverse=True)


def test_score_is_the_fts_extension_bm25_for_a_query_with_marks(search_db: Path) -> None:
    """With one spelling per token, the macro's BM25 is the extension's match_bm25."""
    rows = run_search(search_db, "nghị quyết", any_word=True)
    with Warehouse(search_db, read_only=True) as warehouse:
        load_analyst_macros(warehouse.con)
        reference = dict(
            warehouse.con.execute(
                "SELECT article_id, fts_main_articles.match_bm25(article_id, 'nghị quyết') "
                "FROM articles"
            ).fetchall()
        )
    assert rows
    for row in rows:
        assert row[6] == pytest.approx(reference[row[0]])


@pytest.mark.parametrize("query", ['"báo cáo viên"', '"bao cao vien"', "Đảng", "dang"])
def test_snippet_highlights_the_match_in_the_original_text(search_db: Path, query: str) -> None:
    rows = run_search(search_db, query)
    unit = " ".join(parse_query(query).units[0])
    assert rows
    for row in rows:
        snippet = row[7]
        match = re.search("«(.*?)»", snippet)
        assert match, snippet
        assert fold_accents(match.group(1)) == fold_accents(unit)  # the words, not a neighbour
        story = next(s for s in STORIES if s["id"] == row[0])
        context = snippet.strip("…").replace("«", "").replace("»", "").strip()
        assert context in story["text"].replace("\n", " ")  # as published: marks, case
        assert len(snippet) < 260


def test_search_cli_shows_how_it_read_the_query(search_db: Path) -> None:
    result = CliRunner().invoke(
        app, ["search", '"bao cao vien" hoi nghi', "--db", str(search_db), "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    assert 'all of "bao cao vien" hoi nghi, any accents' in result.output
    assert "báo cáo viên" in result.output.lower()
    assert "3 results" in result.output


def test_sql_command_runs_the_macros_read_only(search_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "sql",
            "--db",
            str(search_db),
            "--csv",
            "-c",
            "SELECT count(*) AS n FROM search('\"bao cao vien\"')",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == str(len(expected_hits('"bao cao vien"')))
    refused = runner.invoke(app, ["sql", "--db", str(search_db), "-c", "DELETE FROM articles"])
    assert refused.exit_code == 1
    assert "read-only" in refused.output


def test_sql_shell_is_the_duckdb_cli_with_fts_and_macros_read_only(search_db: Path) -> None:
    """`vnarchive sql` without -c: the DuckDB shell (here fed on stdin, as a script would)."""
    statements = (
        "SELECT 'n=' || count(*) AS n FROM search('\"bao cao vien\"');\n"
        "CREATE TABLE scratch (x INTEGER);\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "vnarchive.cli", "sql", "--db", str(search_db)],
        input=statements,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(search_db.parent)},  # no ~/.duckdbrc of the user
    )
    expected = len(expected_hits('"bao cao vien"'))
    assert f"n={expected}" in done.stdout, done.stdout + done.stderr
    assert "read-only" in done.stderr  # the CREATE was refused


def test_search_help_explains_phrases_all_words_and_accents() -> None:
    result = CliRunner().invoke(app, ["search", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # unwrap rich's box
    assert "all of them by default" in words and '"a quoted phrase" must appear' in words
    assert '"bao cao vien" finds "báo cáo viên"' in words
    assert "--any" in words and "--accents" in words and "auto|ignore|exact" in words


def test_a_query_typed_in_nfd_finds_what_the_nfc_query_finds(search_db: Path) -> None:
    """Mac keyboards send decomposed marks; the macro composes the query (bodies are NFC)."""
    nfc = '"báo cáo viên" đảng'
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    with duckdb.connect(str(search_db), read_only=True) as con:
        load_analyst_macros(con)
        hits = [
            {row[0] for row in con.execute("SELECT article_id FROM search(?)", [q]).fetchall()}
            for q in (nfc, nfd)
        ]
        with pytest.raises(duckdb.Error, match="accents must be auto, ignore or exact"):
            con.execute("SELECT * FROM search('x', accents := 'loose')").fetchall()
    assert hits[0] and hits[0] == hits[1] == expected_hits(nfc)

"""A run over document sources stores their documents (issue 14): the archive flow crawls small
sites on 127.0.0.1 serving the stored pages of tests/fixtures/legal_documents/, registered as
`database` sources with their document family, and the `documents` layer ends up holding what
the fixtures' expected records say, with the capture each page was read from."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from flows.archive import archive_flow
from pipelines.legal_documents.model import LegalDocument
from sites import Source
from tests.loopback import LoopbackSite, Reply, Seen, page
from tests.test_documents_warehouse import expected_documents, snapshot, stored_documents

FIXTURES = Path(__file__).parent / "fixtures" / "legal_documents"
# (family, fixture page) served by each document site, at the path of the fixture's own URL.
VBPL_PAGES = ["vbpl/attributes_complete", "vbpl/relations"]
# One document per page: a listing page (provincial_table) states several, and the warehouse
# layer keeps one statement per (page, capture) so far (see the issue-14 report).
CHINHPHU_PAGES = ["chinhphu/document_complete"]
# A page that reads as a document, served by a news source: no document may come of it.
NEWS_PAGE = "vbpl/attributes_with_relations"


def fixture(name: str) -> tuple[str, bytes]:
    """(the fixture's original URL, its HTML bytes)."""
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return expected["url"], (FIXTURES / f"{name}.html").read_bytes()


def expected_records(name: str, base: str) -> list[LegalDocument]:
    """The fixture's expected records as the loopback site serves them (its origin replaced)."""
    text = (FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8")
    parts = urlsplit(json.loads(text)["url"])
    text = text.replace(f"{parts.scheme}://{parts.netloc}", base)
    records = [LegalDocument.model_validate(d) for d in json.loads(text)["documents"]]
    return [r.model_copy(update={"page_url": base + path_of(r.page_url)}) for r in records]


def path_of(url: str) -> str:
    """The path and query (keys sorted: the crawl requests URLs in that canonical form)."""
    parts = urlsplit(url)
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return parts.path + (f"?{query}" if query else "")


class FixtureSite(LoopbackSite):
    """Serves fixture pages at their URLs' paths and an index page linking to them."""

    def __init__(self, names: list[str]) -> None:
        self.pages = {path_of(url): html for url, html in map(fixture, names)}
        super().__init__(self.reply)

    def reply(self, seen: Seen) -> Reply:
        if seen.path == "/":
            return Reply(body=page("Văn bản", list(self.pages)))
        if path_of(seen.path) in self.pages:
            return Reply(body=self.pages[path_of(seen.path)])
        # The crawl follows every link of a start URL the registry does not list; the fixtures'
        # other links (full-text tabs, files, other listing pages) get a plain page stating no
        # document, so the run is healthy and only the fixtures state documents.
        return Reply(body=page("Trang khác"))


def run(sites: dict[str, FixtureSite], sources: list[Source], data: Path) -> None:
    archive_flow(
        start_urls=[site.url("/") for site in sites.values()],
        db_path=str(data / "w.duckdb"),
        archive_dir=str(data / "warc"),
        polite=False,
        sources=sources,
    )


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_over_document_sources_stores_their_documents(tmp_path: Path) -> None:
    with (
        FixtureSite(VBPL_PAGES) as vbpl,
        FixtureSite(CHINHPHU_PAGES) as chinhphu,
        FixtureSite([NEWS_PAGE]) as news,
    ):
        sites = {"vbpl": vbpl, "chinhphu": chinhphu, "news": news}
        sources = [
            Source(
                source_id="doc-vbpl",
                start_urls=[vbpl.url("/")],
                kind="database",
                document_family="vbpl",
            ),
            Source(
                source_id="doc-chinhphu",
                start_urls=[chinhphu.url("/")],
                kind="database",
                document_family="chinhphu",
            ),
            Source(
                source_id="news",
                start_urls=[news.url("/")],
                kind="portal",
            ),
        ]
        run(sites, sources, tmp_path)
        db = tmp_path / "w.duckdb"
        first = snapshot(db)
        expected = expected_documents(
            [
                *(r for name in VBPL_PAGES for r in expected_records(name, vbpl.base)),
                *(r for name in CHINHPHU_PAGES for r in expected_records(name, chinhphu.base)),
            ]
        )
        assert expected, "the fixtures state documents"
        assert stored_documents(db) == expected

        with duckdb.connect(str(db), read_only=True) as con:
            pages = con.execute(
                "SELECT p.page_url, c.url, c.source_id FROM document_pages p "
                "JOIN captures c USING (capture_id)"
            ).fetchall()
        # every stored page statement points at the capture of that very page, of its source
        assert pages and all(page_url == url for page_url, url, _ in pages)
        assert {source for *_, source in pages} == {"doc-vbpl", "doc-chinhphu"}
        served = {vbpl.url(p) for p in vbpl.pages} | {chinhphu.url(p) for p in chinhphu.pages}
        assert {page_url for page_url, *_ in pages} == served
        # the news source's page would read as a document, but it is not a document site
        assert not any(url.startswith(news.base) for url, *_ in pages)

        # a second run fetches the same pages again: the documents layer does not change
        run(sites, sources, tmp_path)
        second = snapshot(db)
    for table in first:
        if table.startswith("document"):
            assert second[table] == first[table], table


def test_a_document_parse_failure_keeps_the_page() -> None:
    """The document parser failing on a page is the page's document_error, not a lost page."""
    from flows.extract import PageRef, _legal_documents

    url, html = fixture("vbpl/attributes_complete")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    ref = PageRef("c1", url, "text/html", "w.warc.gz", 0, document_family="vbpl")
    documents, error = _legal_documents(ref, html)
    assert error is None
    assert [d.symbol for d in documents] == [
        r.symbol for r in expected_records("vbpl/attributes_complete", origin)
    ]
    # A family that is not (any more) declared: the reading fails, the error says why.
    broken = PageRef("c1", url, "text/html", "w.warc.gz", 0, document_family="gone")
    documents, error = _legal_documents(broken, html)
    assert documents == () and error is not None and error.startswith("UnknownDocumentFamily")
    # A source that is no document site: never read as documents.
    plain = PageRef("c1", url, "text/html", "w.warc.gz", 0)
    assert _legal_documents(plain, html) == ((), None)

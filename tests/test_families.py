"""Every CMS family (sites/families/) against its stored page, Fundus' rule: a family is declared
together with a stored page and its expected text, or this test fails.

A family's stored pages: ``tests/fixtures/sites/<family>/<page>.html`` with ``<page>.expected.txt``
beside it, and the older extraction fixtures ``tests/fixtures/html/<site>_<family>.html`` (kept
there: the extraction tests and the speed benchmark read that folder). The parametrisation comes
from the declared families, never from the folders, so a new family without a page fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from crawlers.items import CaptureRecord
from pipelines.article import extract_article
from pipelines.boilerplate import BoilerplateRules, FamilyMarkers, detect_family
from pipelines.text import normalize_text
from sites import Source
from sites.families import FAMILIES, GENERIC, Family, canonical_family, family_named
from sites.registry import load_registry
from vnarchive.demo_sites.sites import SITES, demo_sources

FIXTURES = Path(__file__).parent / "fixtures"
HTML_UTF8 = "text/html; charset=utf-8"
# A neutral URL: detection must recognise the page by its markup, not by a URL shape.
NEUTRAL_URL = "https://fixtures.example.vn/{stem}.html"


def stored_pages(family: Family) -> list[Path]:
    """The family's stored pages (each has an ``.expected.txt`` beside it)."""
    folder = sorted((FIXTURES / "sites" / family.name).glob("*.expected.txt"))
    older = sorted((FIXTURES / "html").glob(f"*_{family.name}.expected.txt"))
    return [p.with_name(p.name.replace(".expected.txt", ".html")) for p in (*folder, *older)]


def check_family(family: Family, families: tuple[Family, ...] = FAMILIES) -> None:
    pages = stored_pages(family)
    assert pages, (
        f"family {family.name!r} has no stored page: add tests/fixtures/sites/{family.name}/"
        "article.html and article.expected.txt (the article's text, one paragraph a line)"
    )
    for page in pages:
        body = page.read_bytes()
        url = NEUTRAL_URL.format(stem=page.stem)
        expected = normalize_text(page.with_suffix(".expected.txt").read_text("utf-8"))
        tree = lxml.html.document_fromstring(body.decode("utf-8"))
        found = detect_family(tree, url, families)
        assert found is family, (page.name, found and found.name)
        declared = extract_article(body, url, HTML_UTF8, family=family)
        assert declared.is_article, (page.name, declared.reason)
        assert declared.body == expected, page.name
        # the registry's family and detection agree on the page
        detected = extract_article(body, url, HTML_UTF8, detect_among=families)
        assert detected == declared, page.name


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_family_detects_and_extracts_its_stored_page(family: Family) -> None:
    check_family(family)


def test_a_family_without_a_stored_page_fails() -> None:
    new = Family(
        name="drupal",
        about="a family declared without its stored page",
        markers=FamilyMarkers(generator=("drupal",)),
        boilerplate=BoilerplateRules(xpaths=("//*[@id='block-footer']",)),
    )
    with pytest.raises(AssertionError, match="family 'drupal' has no stored page"):
        check_family(new, (*FAMILIES, new))


def test_one_spelling_per_family_and_old_spellings_resolve() -> None:
    spellings = [s for f in FAMILIES for s in (f.name, *f.aliases)]
    assert len(spellings) == len(set(spellings)) and GENERIC not in spellings
    for old in ("aspx-news", "dnn-news", "dnn-aspx"):
        assert canonical_family(old) == "dnn"
    assert canonical_family("div-portal") == GENERIC
    with pytest.raises(ValueError, match="unknown family 'x'"):
        family_named("x")


def test_detection_order_is_declared() -> None:
    """A VNPT portal's /portal/pages/ URL also shows SharePoint's /pages/: the declared order
    decides (as the one hard-coded routine did before the families had modules)."""
    tree = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
    found = detect_family(tree, "https://yendinh.thanhhoa.gov.vn/portal/pages/a.aspx", FAMILIES)
    assert found is family_named("sharepoint")
    assert detect_family(tree, "https://x.vn/portal/a", FAMILIES) is family_named("vnpt-portal")
    assert detect_family(tree, "https://x.vn/a", FAMILIES) is None
    assert [f.name for f in FAMILIES] == ["sharepoint", "wordpress", "dnn", "vnpt-portal"]


def test_registry_and_demo_families_are_declared() -> None:
    for source in [*load_registry(), *demo_sources({s.name: "http://127.0.0.1:1" for s in SITES})]:
        assert source.family == GENERIC or family_named(source.family) is not None, source


# A DNN page whose markup carries no DNN marker (as the demo's Đảng ủy Khối pages: only
# <body class="dnn">), with a DNN "other news" module the generic rules keep.
_UNMARKED_DNN = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị quán triệt</title></head><body class="dnn"><div class="detail-news">
<h1>Hội nghị quán triệt Nghị quyết</h1>
<p>Ngày 5/3/2024, Đảng ủy Khối tổ chức hội nghị quán triệt Nghị quyết cho cán bộ chủ chốt.
{long}</p>
<p>Các đại biểu đã thảo luận và thống nhất kế hoạch triển khai trong toàn Đảng bộ Khối.</p>
<div class="DnnModule-Other"><p>Lịch công tác tuần của Thường trực Đảng ủy Khối từ ngày 4 đến
ngày 8 tháng 3 năm 2024, xem và tải về toàn văn tại mục văn bản chỉ đạo điều hành.</p></div>
</div></body></html>""".replace("{long}", "Hội nghị nhằm nâng cao nhận thức của đảng viên. " * 8)


def test_the_sources_family_reaches_the_boilerplate_rules(tmp_path: Path) -> None:
    """Through the extract stage: a page of a source declaring "dnn" loses the DNN module that
    detection alone (no DNN marker on the page) leaves in. A real WARC, read back by the function
    each extract worker runs (in this process: a worker takes seconds to start)."""
    from crawlers.warc import WarcArchive
    from flows.extract import _extract_one, page_refs

    url, run_id = "http://127.0.0.1:18601/hoi-nghi-tbo1.aspx", "20240305T000000Z-family"
    with WarcArchive(tmp_path, run_id) as archive:
        at = archive.write_exchange(
            url=url, method="GET", request_headers=[], request_body=b"", status=200,
            response_headers=[("Content-Type", HTML_UTF8)],
            response_body=_UNMARKED_DNN.encode(),
        )  # fmt: skip
    capture = CaptureRecord(
        url=url, status=200, content_type=HTML_UTF8, warc_file=at.warc_file,
        warc_offset=at.offset, warc_length=at.length, fetched_at=datetime.now(UTC), error=None,
        run_id=run_id, payload_digest=at.payload_digest, content_length=None,
    )  # fmt: skip
    captures = [capture]
    dnn = Source(source_id="dukcqtw", base_url="http://127.0.0.1:18601", family="aspx-news")
    generic = dnn.model_copy(update={"family": GENERIC})

    (declared,) = page_refs(captures, run_id, [dnn])
    (undeclared,) = page_refs(captures, run_id, [generic])
    assert (declared.family, undeclared.family) == ("dnn", GENERIC)
    with_family, detected = (_extract_one(tmp_path, ref) for ref in (declared, undeclared))
    assert with_family.error is None and detected.error is None
    assert "Lịch công tác tuần" in detected.document.article.body  # generic rules keep it
    assert "Lịch công tác tuần" not in with_family.document.article.body
    assert with_family.document.article.body.startswith("Ngày 5/3/2024, Đảng ủy Khối")

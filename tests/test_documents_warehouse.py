"""The `documents` layer (issue 14; migration 0020, warehouse/documents.py) on real DuckDB files.

Document pages are `LegalDocument` records built here directly (the parsers are tested on stored
pages elsewhere); their captures are loaded by the real load, news stories by the real
extract → dedupe → load → resolve path of tests/test_resolve.py. Expected values are computed
in Python from the records loaded, never read back from the views they check.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipelines.legal_documents import model
from pipelines.legal_documents.model import LegalDocument, Relation, RelationKind, Validity
from pipelines.legal_documents.parse import parse_document_page, row_statements
from tests.test_resolve import load as load_news
from warehouse import keys
from warehouse.db import Warehouse, analyst_connection
from warehouse.documents import FAMILY_RANK, OFFICIAL_FIELDS
from warehouse.tables import LoadBatch, schema

DOC_TABLES = (
    "document_pages",
    "documents",
    "document_versions",
    "document_relations",
    "document_missing",
)

VBPL = "https://vbpl.example.vn/TW/Pages/vbpq-"
PARTY = "https://tulieuvankien.example.vn/van-ban/"
GOV = "https://vanban.chinhphu.example.vn/?docid="
HP = "https://haiphong.example.vn/van-ban-chi-dao-dieu-hanh"


def records() -> list[LegalDocument]:
    """One archive's document pages: several pages of one document, conflicting statements, an
    amendment chain stated from both sides, replaced documents, missing fields."""
    return [
        # 66-NQ/TW: attribute page and (undated) relation page of the national database.
        LegalDocument(
            page_url=f"{VBPL}thuoctinh.aspx?ItemID=66",
            family="vbpl",
            symbol="66-NQ/TW",
            symbol_as_written="66-NQ/TW",
            doc_type="Nghị quyết",
            issuer="Bộ Chính trị",
            signer="Tô Lâm",
            signer_title="Tổng Bí thư",
            title="Nghị quyết về đổi mới công tác xây dựng và thi hành pháp luật",
            issued_on=date(2025, 4, 30),
            effective_on=date(2025, 4, 30),
            validity=Validity.IN_FORCE,
            field="Tư pháp",
            scope="Toàn quốc",
        ),
        LegalDocument(
            page_url=f"{VBPL}luocdo.aspx?ItemID=66",
            family="vbpl",
            symbol="66-NQ/TW",
            relations=[
                Relation(kind=RelationKind.REPLACES, target_symbol="48-NQ/TW"),
                Relation(kind=RelationKind.BASED_ON, target_symbol="01-QĐ/TW"),
            ],
            missing={"issued_on": "relation tab gives no date"},
        ),
        # 48-NQ/TW: replaced by 66-NQ/TW, says so itself.
        LegalDocument(
            page_url=f"{PARTY}48-nq-tw",
            family="party_archive",
            symbol="48-NQ/TW",
            doc_type="Nghị quyết",
            issuer="Bộ Chính trị",
            signer="Phan Diễn",
            title="Nghị quyết về chiến lược xây dựng và hoàn thiện hệ thống pháp luật",
            issued_on=date(2005, 5, 24),
            validity=Validity.EXPIRED,
            validity_reason="Bị thay thế bởi Nghị quyết 66-NQ/TW",
            relations=[Relation(kind=RelationKind.REPLACED_BY, target_symbol="66-NQ/TW")],
        ),
        # 05-CT/TW: the party archive and a provincial listing row disagree on the issuer.
        LegalDocument(
            page_url=f"{PARTY}05-ct-tw",
            family="party_archive",
            symbol="05-CT/TW",
            doc_type="Chỉ thị",
            issuer="Bộ Chính trị",
            title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách "
            "Hồ Chí Minh",
            issued_on=date(2016, 5, 15),
            validity=Validity.IN_FORCE,
            full_text="BỘ CHÍNH TRỊ ... CHỈ THỊ về đẩy mạnh học tập và làm theo tư tưởng ...",
            missing={"signer": "no signer line"},
        ),
        LegalDocument(
            page_url=f"{HP}?page=3",
            family="provincial_table",
            symbol="05-CT/TW",
            symbol_as_written="05 - CT/TW",
            issuer="Trung ương",
            summary="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            issued_on=date(2016, 5, 15),
            missing={"signer": "not in the listing table", "validity": "not in the listing table"},
        ),
        # An amendment chain, stated by the amending documents and by the amended one.
        LegalDocument(
            page_url=f"{GOV}30-2020",
            family="chinhphu",
            symbol="30/2020/NĐ-CP",
            doc_type="Nghị định",
            issuer="Chính phủ",
            signer="Nguyễn Xuân Phúc",
            title="Nghị định về công tác văn thư",
            issued_on=date(2020, 3, 5),
            effective_on=date(2020, 3, 5),
            validity=Validity.PARTLY_EXPIRED,
            validity_reason="Bị sửa đổi bởi Nghị định 45/2022/NĐ-CP",
            relations=[Relation(kind=RelationKind.AMENDED_BY, target_symbol="45/2022/NĐ-CP")],
        ),
        LegalDocument(
            page_url=f"{GOV}45-2022",
            family="chinhphu",
            symbol="45/2022/NĐ-CP",
            doc_type="Nghị định",
            issuer="Chính phủ",
            signer="Phạm Minh Chính",
            title="Nghị định sửa đổi, bổ sung Nghị định 30/2020/NĐ-CP",
            issued_on=date(2022, 7, 7),
            validity=Validity.PARTLY_EXPIRED,
            relations=[
                Relation(
                    kind=RelationKind.AMENDS,
                    target_symbol="30/2020/NĐ-CP",
                    target_url=f"{GOV}30-2020",
                )
            ],
        ),
        LegalDocument(
            page_url=f"{GOV}12-2024",
            family="chinhphu",
            symbol="12/2024/NĐ-CP",
            doc_type="Nghị định",
            issuer="Chính phủ",
            signer="Phạm Minh Chính",
            issued_on=date(2024, 2, 1),
            validity=Validity.NOT_YET,
            relations=[Relation(kind=RelationKind.AMENDS, target_symbol="45/2022/NĐ-CP")],
            missing={"title": "title cell empty"},
        ),
        # A local plan, and a provincial row whose symbol could not be read.
        LegalDocument(
            page_url=f"{HP}?page=1",
            family="provincial_table",
            symbol="456/KH-UBND",
            issuer="UBND tỉnh Hải Phòng",
            summary="Kế hoạch triển khai Nghị quyết 66-NQ/TW",
            issued_on=date(2025, 6, 1),
        ),
        LegalDocument(
            page_url=f"{HP}?page=2",
            family="provincial_table",
            symbol=None,
            symbol_as_written="??/QĐ-UBND",
            issuer="UBND tỉnh Hải Phòng",
            summary="Quyết định phê duyệt danh mục",
            issued_on=date(2025, 6, 20),
            missing={"symbol": "số ký hiệu '??/QĐ-UBND' in an unknown form"},
        ),
    ]


# -- loading helpers ----------------------------------------------------------------------------


def capture_rows(run_id: str, urls: list[str], start: datetime) -> tuple[pa.Table, dict[str, str]]:
    """The captures of the document pages, as the load stages them."""
    rows, ids = [], {}
    for n, url in enumerate(sorted(set(urls))):
        fetched = start + timedelta(seconds=n)
        ids[url] = keys.capture_id(run_id, url, fetched.isoformat())
        rows.append(
            {
                "capture_id": ids[url],
                "run_id": run_id,
                "url": url,
                "status": 200,
                "content_type": "text/html; charset=utf-8",
                "warc_file": f"vnla-{run_id}-00000.warc.gz",
                "warc_offset": 1000 * n,
                "warc_length": 900,
                "fetched_at": fetched,
                "record_type": "response",
            }
        )
    return pa.Table.from_pylist(rows, schema=schema("captures")), ids


def load_documents(db: Path, docs: list[LegalDocument], run_id: str, start: datetime):
    with Warehouse(db) as warehouse:
        warehouse.start_run(run_id, start, [])
        captures, ids = capture_rows(run_id, [d.page_url for d in docs], start)
        warehouse.load(LoadBatch(captures=captures))
        return warehouse.load_documents(docs, run_id, ids), ids


ROOT = Path(__file__).resolve().parents[1]
RUN1 = datetime(2026, 1, 5, tzinfo=UTC)
RUN2 = datetime(2026, 2, 5, tzinfo=UTC)


def freeze(value: object) -> object:
    """A stored value made hashable (lists, structs and maps as tuples)."""
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, freeze(v)) for k, v in value.items())
    return value


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: sorted((freeze(row) for row in con.execute(f"FROM {t}").fetchall()), key=repr)
            for t in DOC_TABLES
        }


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def rows_of(db: Path, sql: str) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- expectations, from the records ---------------------------------------------------------------


def expected_documents(docs: list[LegalDocument]) -> dict[str, dict[str, object]]:
    """document_id -> merged official fields, by the documented rule: pages of one symbol (an
    undated one joins the one dated document), fields from the best page by family, then most
    official fields stated."""
    dated: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        if d.symbol and d.issued_on:
            dated[d.symbol].add(f"{d.symbol}@{d.issued_on.year}")
    pages: dict[str, list[LegalDocument]] = defaultdict(list)
    for d in docs:
        if d.symbol is None:
            doc_id = "page:" + keys.md5_key(d.page_url)
        elif d.issued_on is None and len(dated[d.symbol]) == 1:
            doc_id = next(iter(dated[d.symbol]))
        else:
            doc_id = keys.directive_id(d.symbol, None, d.issued_on)
        pages[doc_id].append(d)
    merged = {}
    for doc_id, group in pages.items():
        group.sort(
            key=lambda d: (
                FAMILY_RANK.get(d.family, 99),
                -sum(v is not None for v in d.official_fields().values()),
                d.page_url,
            )
        )
        values = {
            f: next((getattr(d, f) for d in group if getattr(d, f) is not None), None)
            for f in OFFICIAL_FIELDS
        }
        values["validity"] = values["validity"] and str(values["validity"])
        values["pages"] = len(group)
        values["relations"] = {(str(r.kind), r.target_symbol) for d in group for r in d.relations}
        given = {f for d in group for f in d.missing if getattr(d, f, None) is not None}
        values["missing"] = {
            (f, reason, d.page_url)
            for d in group
            for f, reason in d.missing.items()
            if f not in given and all(getattr(p, f, None) is None for p in group)
        }
        merged[doc_id] = values
    return merged


FIELDS_SQL = ", ".join(OFFICIAL_FIELDS)


def stored_documents(db: Path) -> dict[str, dict[str, object]]:
    found = {}
    for row in rows_of(db, f"SELECT document_id, {FIELDS_SQL}, pages FROM documents"):
        found[row.pop("document_id")] = row
    for doc_id, kind, target in query(
        db, "SELECT document_id, kind, target_symbol FROM document_relations"
    ):
        found[doc_id].setdefault("relations", set()).add((kind, target))
    for doc_id, f, reason, page in query(db, "FROM document_missing"):
        found[doc_id].setdefault("missing", set()).add((f, reason, page))
    for row in found.values():
        row.setdefault("relations", set())
        row.setdefault("missing", set())
    return found


# -- tests ----------------------------------------------------------------------------------------


def test_every_document_is_one_row_with_its_pages_merged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    docs = records()
    result, _ = load_documents(db, docs, "r1", RUN1)
    expected = expected_documents(docs)
    assert stored_documents(db) == expected
    assert result.documents_touched == len(expected)
    assert result.pages_added == len(docs)
    # one version each, page statements stored as given
    assert query(
        db, "SELECT count(*), count(DISTINCT document_id), max(version) FROM document_versions"
    ) == [(len(expected), len(expected), 1)]
    assert query(db, "SELECT page_url, page_key FROM document_pages ORDER BY page_url") == sorted(
        (d.page_url, d.version_key()) for d in docs
    )
    # the conflict: the party archive states the issuer, the listing row's stays on its page
    assert query(
        db,
        "SELECT issuer, field_pages['issuer'], symbol_as_written, full_text IS NOT NULL "
        "FROM documents WHERE document_id = '05-CT/TW@2016'",
    ) == [("Bộ Chính trị", f"{PARTY}05-ct-tw", "05 - CT/TW", True)]


def test_reloading_the_same_records_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_documents(db, records(), "r1", RUN1)
    before = snapshot(db)
    with Warehouse(db) as warehouse:
        captures = dict(warehouse.con.execute("SELECT url, capture_id FROM captures").fetchall())
        again = warehouse.load_documents(records(), "r1", captures)
    assert again.pages_added == again.versions_added == again.documents_touched == 0
    assert snapshot(db) == before


def test_a_validity_flip_is_a_new_version_and_nothing_else_changes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = records()
    load_documents(db, first, "r1", RUN1)
    before = snapshot(db)
    second = records()
    flipped = next(d for d in second if d.page_url == f"{VBPL}thuoctinh.aspx?ItemID=66")
    flipped.validity = Validity.EXPIRED
    flipped.validity_reason = "Bị thay thế"
    result, ids = load_documents(db, second, "r2", RUN2)
    after = snapshot(db)
    assert (result.pages_added, result.documents_touched, result.versions_added) == (1, 1, 1)

    doc_id = "66-NQ/TW@2025"
    assert query(
        db,
        "SELECT version, validity, validity_reason, run_id, page_url, capture_id "
        "FROM document_versions WHERE document_id = ? ORDER BY version",
        [doc_id],
    ) == [
        (
            1,
            "còn hiệu lực",
            None,
            "r1",
            f"{VBPL}thuoctinh.aspx?ItemID=66",
            before_capture(before, f"{VBPL}thuoctinh.aspx?ItemID=66"),
        ),
        (2, "hết hiệu lực toàn bộ", "Bị thay thế", "r2", flipped.page_url, ids[flipped.page_url]),
    ]
    fetched = query(
        db, "SELECT fetched_at FROM captures WHERE capture_id = ?", [ids[flipped.page_url]]
    )[0][0]
    assert query(
        db, "SELECT validity, version, updated_at FROM documents WHERE document_id = ?", [doc_id]
    ) == [("hết hiệu lực toàn bộ", 2, fetched)]
    # everything else as it was: one page statement and one version added, one row rewritten
    assert len(after["document_pages"]) == len(before["document_pages"]) + 1
    assert set(before["document_versions"]) < set(after["document_versions"])
    assert len(after["document_versions"]) == len(before["document_versions"]) + 1
    for table in ("document_relations", "document_missing"):
        assert after[table] == before[table], table
    changed = {row[0] for row in set(after["documents"]) ^ set(before["documents"])}
    assert changed == {doc_id}


def before_capture(snap: dict[str, list[tuple]], page_url: str) -> str:
    return next(row[1] for row in snap["document_pages"] if row[0] == page_url)


def test_a_relation_page_seen_before_its_attribute_page_joins_the_document(
    tmp_path: Path,
) -> None:
    db = tmp_path / "w.duckdb"
    docs = [d for d in records() if d.symbol in ("66-NQ/TW", "48-NQ/TW")]
    relation_page = [d for d in docs if "luocdo" in d.page_url]
    rest = [d for d in docs if "luocdo" not in d.page_url]
    load_documents(db, relation_page, "r1", RUN1)
    # alone, the undated relation tab is a document of the bare symbol
    assert query(db, "SELECT document_id, pages FROM documents") == [("66-NQ/TW", 1)]
    load_documents(db, rest, "r2", RUN2)
    assert stored_documents(db) == expected_documents(docs)
    assert query(db, "SELECT count(*) FROM documents WHERE document_id = '66-NQ/TW'") == [(0,)]
    assert query(db, "SELECT DISTINCT document_id FROM document_versions ORDER BY 1") == [
        ("48-NQ/TW@2005",),
        ("66-NQ/TW@2025",),
    ]
    assert query(
        db,
        "SELECT field_pages['validity'], field_pages['symbol'] FROM documents "
        "WHERE document_id = '66-NQ/TW@2025'",
    ) == [(f"{VBPL}thuoctinh.aspx?ItemID=66", f"{VBPL}thuoctinh.aspx?ItemID=66")]


def test_missing_fields_are_null_with_their_reasons(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    docs = records()
    load_documents(db, docs, "r1", RUN1)
    unreadable = next(d for d in docs if d.symbol is None)
    doc_id = "page:" + keys.md5_key(unreadable.page_url)
    assert query(
        db,
        "SELECT symbol, symbol_as_written, issuer FROM documents WHERE document_id = ?",
        [doc_id],
    ) == [(None, "??/QĐ-UBND", "UBND tỉnh Hải Phòng")]
    # every reason a page gives for a field the merged row lacks, and no other
    expected = {
        (doc_id, f, reason, page)
        for doc_id, values in expected_documents(docs).items()
        for f, reason, page in values["missing"]
    }
    assert set(query(db, "FROM document_missing")) == expected
    # each missing row names a NULL column of its document
    for doc, f, _, _ in expected:
        if f in OFFICIAL_FIELDS:
            assert query(db, f"SELECT {f} FROM documents WHERE document_id = ?", [doc]) == [(None,)]
    # 05-CT/TW's validity is given by the party archive: the listing's reason is not kept
    assert ("05-CT/TW@2016", "validity") not in {(d, f) for d, f, _, _ in expected}


def only(values: list[str]) -> str | None:
    return values[0] if len(values) == 1 else None


def test_relation_targets_resolve_to_stored_documents(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    docs = records()
    load_documents(db, docs, "r1", RUN1)
    expected = expected_documents(docs)
    ids_of_symbol: dict[str, list[str]] = defaultdict(list)
    for doc_id in expected:
        if not doc_id.startswith("page:"):
            ids_of_symbol[doc_id.split("@")[0]].append(doc_id)
    want = {
        (doc_id, kind, target, only(ids_of_symbol[target]))
        for doc_id, values in expected.items()
        for kind, target in values["relations"]
    }
    got = set(
        query(
            db,
            "SELECT document_id, kind, target_symbol, target_document_id FROM document_relations",
        )
    )
    assert got == want
    assert ("66-NQ/TW@2025", "căn cứ", "01-QĐ/TW", None) in got  # not archived


def test_a_target_stored_later_is_resolved_then(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    docs = records()
    amending = [d for d in docs if d.symbol == "12/2024/NĐ-CP"]
    load_documents(db, amending, "r1", RUN1)
    assert query(db, "SELECT target_document_id FROM document_relations") == [(None,)]
    load_documents(db, [d for d in docs if d.symbol == "45/2022/NĐ-CP"], "r2", RUN2)
    assert query(
        db,
        "SELECT target_document_id FROM document_relations "
        "WHERE document_id = '12/2024/NĐ-CP@2024'",
    ) == [("45/2022/NĐ-CP@2022",)]


# -- news and views -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """News stories (citing 66-NQ/TW, 05-CT/TW, 456/KH-UBND; conferences disseminating them),
    resolved; then the document pages."""
    db = tmp_path_factory.mktemp("docs") / "w.duckdb"
    load_news(
        db, ["national", "national_next_day", "bridge", "monthly_bn", "monthly_hp", "ct05"], "news"
    )
    load_documents(db, records(), "docs", RUN1)
    return db


def expected_links(db: Path, docs: list[LegalDocument]) -> dict[str, tuple[str, str]]:
    """directive_id -> (document_id, method), by the documented rule, from the directives the
    news resolved to and the records' documents."""
    expected = expected_documents(docs)
    links = {}
    for directive_id, symbol, year, locality in query(
        db, "SELECT directive_id, symbol, year, locality FROM directives"
    ):
        if directive_id in expected:
            links[directive_id] = (directive_id, "id")
            continue
        fits = [
            doc_id
            for doc_id, values in expected.items()
            if values["symbol"] == symbol
            and (year is None or (values["issued_on"] and values["issued_on"].year == year))
            and (locality is None or locality.lower() in (values["issuer"] or "").lower())
        ]
        if len(fits) == 1:
            links[directive_id] = (fits[0], "symbol-year" if year else "only-document-of-symbol")
    return links


def test_news_citations_link_to_archived_documents(archive: Path) -> None:
    docs = records()
    links = expected_links(archive, docs)
    got = {d: (doc, m) for d, doc, m in query(archive, "FROM v_directive_documents")}
    assert got == links
    # the news cite 66-NQ/TW and 05-CT/TW as dated documents: both link, by their shared id
    assert {links[d][0] for d in links} >= {"66-NQ/TW@2025", "05-CT/TW@2016"}
    # the directive entity's official fields come from the document
    expected = expected_documents(docs)
    official = {
        r[0]: r[1:]
        for r in query(
            archive,
            "SELECT directive_id, document_id, doc_type, issuer_name, issued_on, validity "
            "FROM directives_official",
        )
    }
    cited = {
        r[0]: r[1:]
        for r in query(
            archive, "SELECT directive_id, doc_type, issuer_name, issued_on FROM directives"
        )
    }
    assert official.keys() == cited.keys()
    for directive_id, (doc_type, issuer, issued_on) in cited.items():
        doc_id = links[directive_id][0] if directive_id in links else None
        values = expected.get(doc_id, {})
        # what the document states, else what the citations state
        assert official[directive_id] == (
            doc_id,
            values.get("doc_type") or doc_type,
            values.get("issuer") or issuer,
            values.get("issued_on") or issued_on,
            values.get("validity"),
        )
    # the linked documents' statements win over the citations' where both exist
    assert official["66-NQ/TW@2025"][1:4] == ("Nghị quyết", "Bộ Chính trị", date(2025, 4, 30))
    # and a citation in a story reaches the document through its directive
    citations = query(
        archive,
        "SELECT count(*) FROM directive_mentions m "
        "JOIN v_directive_documents l USING (directive_id) "
        "WHERE l.document_id = '66-NQ/TW@2025'",
    )[0][0]
    stories_citing = query(
        archive,
        "SELECT count(*) FROM directive_mentions "
        "WHERE symbol = '66-NQ/TW' AND directive_id IS NOT NULL",
    )[0][0]
    assert citations == stories_citing > 0


def test_documents_cited_at_conferences(archive: Path) -> None:
    docs = records()
    links = expected_links(archive, docs)
    expected = expected_documents(docs)
    conferences: dict[str, set[str]] = defaultdict(set)
    held: dict[str, list[date]] = defaultdict(list)
    for conference_id, directive_id, held_on in query(
        archive,
        "SELECT cd.conference_id, cd.directive_id, c.held_on FROM conference_directives cd "
        "JOIN conferences c USING (conference_id)",
    ):
        if directive_id in links:
            doc_id = links[directive_id][0]
            conferences[doc_id].add(conference_id)
            if held_on:
                held[doc_id].append(held_on)
    replaced_by: dict[str, set[str]] = defaultdict(set)
    for doc_id, values in expected.items():
        for kind, target in values["relations"]:
            if kind == str(RelationKind.REPLACED_BY):
                replaced_by[doc_id].add(target)
            if kind == str(RelationKind.REPLACES):
                targets = [t for t in expected if expected[t]["symbol"] == target]
                if len(targets) == 1:
                    replaced_by[targets[0]].add(values["symbol"])
    want = {
        (
            doc_id,
            expected[doc_id]["validity"],
            tuple(sorted(replaced_by[doc_id])),
            len(ids),
            min(held[doc_id], default=None),
            max(held[doc_id], default=None),
        )
        for doc_id, ids in conferences.items()
    }
    got = {
        (r[0], r[1], tuple(r[2]), *r[3:])
        for r in query(
            archive,
            "SELECT document_id, validity, replaced_by, conferences, first_conference_on, "
            "last_conference_on FROM v_documents_cited_at_conferences",
        )
    }
    assert got == want
    assert "66-NQ/TW@2025" in {r[0] for r in got}  # the national conference disseminated it


def closure(edges: set[tuple[str, str, str]]) -> set[tuple[str, str, int]]:
    """(later, earlier, depth) of every simple path over the edges."""
    out = set()
    frontier = [(a, b, 1, [a, b]) for a, b, _ in edges]
    while frontier:
        a, b, depth, path = frontier.pop()
        out.add((a, b, depth))
        for x, y, _ in edges:
            if x == b and y not in path:
                frontier.append((a, y, depth + 1, [*path, y]))
    return out


def test_amendment_chains(archive: Path) -> None:
    expected = expected_documents(records())
    of_symbol = {values["symbol"]: doc_id for doc_id, values in expected.items()}
    forward = {str(RelationKind.AMENDS): "amends", str(RelationKind.REPLACES): "replaces"}
    backward = {str(RelationKind.AMENDED_BY): "amends", str(RelationKind.REPLACED_BY): "replaces"}
    edges = set()
    for doc_id, values in expected.items():
        for kind, target in values["relations"]:
            if target in of_symbol and kind in forward:
                edges.add((doc_id, of_symbol[target], forward[kind]))
            if target in of_symbol and kind in backward:
                edges.add((of_symbol[target], doc_id, backward[kind]))
    got = query(archive, "SELECT document_id, acts_on_document_id, depth FROM v_amendment_chains")
    assert Counter(got) == Counter(closure(edges))
    assert ("12/2024/NĐ-CP@2024", "30/2020/NĐ-CP@2020", 2) in set(got)


def test_documents_per_body_year(archive: Path) -> None:
    expected = expected_documents(records())
    counts: Counter[tuple] = Counter()
    for values in expected.values():
        year = values["issued_on"].year if values["issued_on"] else None
        v = values["validity"]
        counts[(values["issuer"], year, "all")] += 1
        counts[(values["issuer"], year, "in_force")] += v == "còn hiệu lực"
        counts[(values["issuer"], year, "expired")] += v in (
            "hết hiệu lực toàn bộ",
            "hết hiệu lực một phần",
        )
        counts[(values["issuer"], year, "unknown")] += v is None
    want = {
        (
            issuer,
            year,
            counts[(issuer, year, "all")],
            counts[(issuer, year, "in_force")],
            counts[(issuer, year, "expired")],
            counts[(issuer, year, "unknown")],
        )
        for issuer, year, kind in counts
        if kind == "all"
    }
    got = set(query(archive, "FROM v_documents_per_body_year"))
    assert got == want


DOC = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"


def documented_queries() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Legal documents", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_the_documented_document_queries_run_and_answer(archive: Path) -> None:
    """As an analyst session runs them: read-only, with the macro library."""
    queries = documented_queries()
    assert len(queries) >= 5
    con = analyst_connection(archive)
    try:
        answers = [con.execute(q).fetchall() for q in queries]
    finally:
        con.close()
    assert all(answers), [q for q, a in zip(queries, answers, strict=True) if not a]
    by_marker = {q.split("FROM", 1)[1].split()[0]: a for q, a in zip(queries, answers, strict=True)}
    # the per-body-year query adds up to every document, the chains to the view's rows
    assert sum(row[2] for row in by_marker["v_documents_per_body_year"]) == len(
        expected_documents(records())
    )
    assert (
        len(by_marker["v_amendment_chains"])
        == query(archive, "SELECT count(*) FROM v_amendment_chains")[0][0]
    )
    # the search finds the documents whose text holds the words, whatever their accents
    found = {row[0] for row in by_marker["search_documents('ho"]}
    assert found == {
        d.symbol
        for d in records()
        if d.symbol
        and "hồ chí minh"
        in " ".join(filter(None, (d.symbol, d.title, d.summary, d.full_text))).lower()
    }


def test_the_analyst_view_checks_reconcile_on_documents(archive: Path) -> None:
    """tests/test_analyst_views.py's reconciliations of the documents views, on a warehouse
    that holds documents (the demo does not yet)."""
    from tests.test_analyst_views import mismatches

    with duckdb.connect(str(archive), read_only=True) as con:
        for view in (
            "v_directive_documents",
            "directives_official",
            "v_documents_cited_at_conferences",
            "v_amendment_chains",
            "v_documents_per_body_year",
        ):
            assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view
            assert mismatches(con, view) == ([], []), view


def test_every_row_of_a_listing_page_is_stored(tmp_path: Path) -> None:
    """A provincial listing states several documents under one URL: keyed by row
    (pipelines.legal_documents.parse.row_statements), each is a statement and a document of its
    own, all with the listing's capture; a second load with the rows reordered changes nothing."""
    fixture = ROOT / "tests" / "fixtures" / "legal_documents" / "provincial_table"
    url = "https://stp.example.gov.vn/van-ban-chi-dao-dieu-hanh"
    page = (fixture / "listing_standard.html").read_bytes()
    rows = parse_document_page(url, page, "provincial_table")
    assert len(rows) >= 2
    keyed = row_statements(rows)
    assert len({r.page_url for r in keyed}) == len(rows)
    assert all(r.page_url.startswith(url + "#") for r in keyed)
    assert row_statements(rows[:1]) == rows[:1]  # a page of one document keeps its URL
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        warehouse.start_run("r1", RUN1, [])
        captures, ids = capture_rows("r1", [url], RUN1)
        warehouse.load(LoadBatch(captures=captures))
        warehouse.load_documents(keyed, "r1", {r.page_url: ids[url] for r in keyed})
    stored = query(db, "SELECT symbol FROM documents ORDER BY symbol")
    assert sorted((r.symbol,) for r in rows) == stored
    assert query(db, "SELECT DISTINCT capture_id FROM document_pages") == [(ids[url],)]
    before = snapshot(db)
    reordered = row_statements(list(reversed(rows)))
    with Warehouse(db) as warehouse:
        warehouse.load_documents(reordered, "r1", {r.page_url: ids[url] for r in reordered})
    assert snapshot(db) == before


def test_the_warehouse_compares_the_fields_the_record_versions() -> None:
    """warehouse/documents.py may not import pipelines/: its copy of the official fields must be
    the record's own, or a version would compare other fields than version_key()."""
    assert OFFICIAL_FIELDS == model.OFFICIAL_FIELDS
    assert set(LegalDocument(page_url="u", family="vbpl", symbol=None).official_fields()) == set(
        OFFICIAL_FIELDS
    )

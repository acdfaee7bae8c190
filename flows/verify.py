"""`vnarchive verify`: does the warehouse still agree with the WARC archive it points into?

Three checks, each naming the record (``file:offset`` and URL) it finds wrong:

* **captures → WARC**: every capture row's record can be read at its offset, is the URL the row
  says, and its payload hashes to ``captures.payload_digest`` (the bytes received are intact);
* **articles → captures**: every article page (``article_copies``) has its capture row, and that
  row points into the archive (no text without its archived source);
* **WARC → captures**: every ``response``/``revisit`` record in the archive has a capture row
  (nothing fetched is unaccounted for). A record of a URL its run captured at another offset is an
  earlier attempt (a retried 5xx: every attempt is archived, the run keeps the last) and is
  counted, not reported.

The warehouse is opened read-only (no migration, no lock on other readers); WARC files are read
with :mod:`crawlers.warc` (warcio), nothing is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crawlers.inflate import Damage
from crawlers.layout import ArchiveLayout
from crawlers.warc import iter_records, payload_digest, read_record
from warehouse.db import Warehouse, read_sql

CHECK_CAPTURES = "captures → WARC records"
CHECK_ARTICLES = "article pages → captures"
CHECK_RECORDS = "WARC records → captures"
PAYLOAD_RECORDS = ("response", "revisit")


@dataclass(frozen=True)
class Problem:
    check: str
    where: str  # "file:offset", or the capture id when there is no location
    url: str | None
    detail: str

    def __str__(self) -> str:
        return f"{self.where} {self.url or ''} — {self.detail}".replace("  ", " ")


@dataclass
class VerifyReport:
    checked: dict[str, int] = field(default_factory=dict)  # items looked at, per check
    problems: list[Problem] = field(default_factory=list)
    earlier_attempts: int = 0  # WARC records of retried fetches (see the module docstring)
    warc_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problems_of(self, check: str) -> list[Problem]:
        return [p for p in self.problems if p.check == check]


def _norm_digest(value: str | None) -> str | None:
    return value.strip().lower() if value else None


def _check_capture(
    archive_dir: Path,
    warc_file: str,
    offset: int,
    url: str,
    stored_digest: str | None,
) -> str | None:
    """What is wrong with one capture's WARC record, or None."""
    if not (archive_dir / warc_file).is_file():
        return "WARC file missing"
    try:
        meta, payload = read_record(archive_dir, warc_file, offset, decode=False)
    except Exception as exc:  # a torn or flipped gzip member: name it, check the rest
        return f"unreadable record: {type(exc).__name__}: {exc}"[:300]
    if meta.url != url:
        return f"record is for {meta.url!r}, not the capture's URL"
    header = _norm_digest(meta.payload_digest)
    want = _norm_digest(stored_digest)
    if meta.record_type == "response":
        got = _norm_digest(payload_digest(payload))
        if want is not None and got != want:
            return f"payload digest {got} != captures.payload_digest {want}"
        if header is not None and got != header:
            return f"payload digest {got} != the record's WARC-Payload-Digest {header}"
    elif meta.record_type == "revisit":
        if want is not None and header != want:
            return f"revisit digest {header} != captures.payload_digest {want}"
    elif stored_digest is not None:
        return f"{meta.record_type} record where a response was expected"
    return None


def verify_archive(db_path: Path | str, archive_dir: ArchiveLayout | Path | str) -> VerifyReport:
    """Run the three checks; the report lists every problem found (empty: all consistent)."""
    layout = ArchiveLayout.of(archive_dir)
    archive = layout.root
    if not archive.is_dir():
        raise FileNotFoundError(f"no archive directory {archive}")
    report = VerifyReport()
    # A reader like search/export: never migrates, waits (VNARCHIVE_DB_WAIT) while a load writes.
    with Warehouse(db_path, read_only=True) as warehouse:
        con = warehouse.con
        captures = con.execute(read_sql("verify_captures")).fetchall()
        orphans = con.execute(read_sql("verify_copies_without_capture")).fetchall()
        copies = con.execute(read_sql("count_article_copies")).fetchone()[0]  # type: ignore[index]
        captured_urls = set(con.execute(read_sql("verify_capture_urls")).fetchall())

    # (a) every capture's record reads back, for its URL, with its digest
    located: set[tuple[str, int]] = set()
    run_of_file: dict[str, set[str]] = {}
    for _cid, run_id, url, warc_file, offset, digest, _kind in captures:
        located.add((warc_file, offset))
        run_of_file.setdefault(warc_file, set()).add(run_id)
        wrong = _check_capture(archive, warc_file, offset, url, digest)
        if wrong:
            report.problems.append(Problem(CHECK_CAPTURES, f"{warc_file}:{offset}", url, wrong))
    report.checked[CHECK_CAPTURES] = len(captures)

    # (b) every article page has its capture
    for url, cid, missing in orphans:
        detail = "capture row missing" if missing else "capture points at no WARC record"
        report.problems.append(Problem(CHECK_ARTICLES, f"capture {cid}", url, detail))
    report.checked[CHECK_ARTICLES] = copies

    # (c) every response / revisit record has a capture row; damaged stretches are skipped by
    # the reader (crawlers.warc.iter_records) and named here, the rest is still checked
    n_records = 0
    files = layout.warc_files()  # every WARC file, whatever its name: a stranger is checked too
    report.warc_files = len(files)
    for path in files:
        runs = run_of_file.get(path.name, set())
        damage: list[Damage] = []
        for meta, _payload in iter_records(
            path, types=PAYLOAD_RECORDS, decode=False, damage=damage
        ):
            n_records += 1
            if (path.name, meta.offset) in located:
                continue
            if any((run, meta.url) in captured_urls for run in runs):
                report.earlier_attempts += 1
                continue
            report.problems.append(
                Problem(
                    CHECK_RECORDS,
                    f"{path.name}:{meta.offset}",
                    meta.url,
                    f"{meta.record_type} record without a capture row",
                )
            )
        for hit in damage:
            report.problems.append(
                Problem(
                    CHECK_RECORDS,
                    f"{hit.file}:{hit.offset}",
                    None,
                    f"damaged, {hit.length} bytes skipped: {hit.reason}"[:300],
                )
            )
    report.checked[CHECK_RECORDS] = n_records
    return report

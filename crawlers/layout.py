"""The archive directory's file names, in one place: what every file of a run is called.

An archive directory holds, per crawl run (``run_id``, see :func:`safe_run_id`):

* ``<prefix>-<run_id>-<seq:05d>.warc.gz``: the WARC files (crawlers/warc.py writes them);
* ``<run_id>.captures.jsonl``: the capture manifest, one line per fetch (crawlers/items.py);
* ``<run_id>.known.jsonl``: what earlier runs fetched, written by the flow for the crawl;
* ``<run_id>.frontier.jsonl``: every URL the crawl scheduled (survives SIGKILL);
* ``<run_id>.lock``: held (flock) by the crawl process while it runs;
* ``<run_id>.flow.lock``: held by the flow process for the life of its run;
* ``<run_id>.crawl.log``: Scrapy's full log of the crawl (the run log only carries a brief stream);

and ``index.jsonl``, every capture of every run by URL (the maintenance flow writes it).

These names are a stable on-disk format: archives written years ago must stay readable, so a
change here is a migration of every archive, not a refactor (tests/test_layout.py pins them).
The warehouse's own lock files live beside the DuckDB file, not in the archive:
:class:`WarehouseFiles`.

Pure names and directory listings; no file is opened here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

WARC_SUFFIXES = (".warc.gz", ".warc")  # the crawler writes .warc.gz; readers accept both
MANIFEST_SUFFIX = ".captures.jsonl"
KNOWN_SUFFIX = ".known.jsonl"
CRAWL_LOG_SUFFIX = ".crawl.log"
FRONTIER_SUFFIX = ".frontier.jsonl"
RUN_LOCK_SUFFIX = ".lock"
FLOW_LOCK_SUFFIX = ".flow.lock"
INDEX_NAME = "index.jsonl"
DEFAULT_PREFIX = "vnla"

# <prefix>-<run_id>-<seq>.warc[.gz]: the prefix has no "-", so the first "-" ends it and the
# last "-<digits>" is the sequence number; the run id is what lies between.
WARC_NAME = re.compile(
    r"^(?P<prefix>[A-Za-z0-9]+)-(?P<run_id>.+)-(?P<seq>\d{5,})\.warc(?P<gz>\.gz)?$"
)
# Suffixes that end in a run id, longest first (".flow.lock" before ".lock").
_RUN_FILE_SUFFIXES = (MANIFEST_SUFFIX, KNOWN_SUFFIX, FRONTIER_SUFFIX, FLOW_LOCK_SUFFIX)


def safe_run_id(run_id: str) -> str:
    """Run ids end up in file names: keep them to a conservative character set."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", run_id).strip("._")
    if not cleaned:
        raise ValueError(f"unusable run id: {run_id!r}")
    return cleaned


@dataclass(frozen=True)
class WarcName:
    """A WARC file name taken apart."""

    prefix: str
    run_id: str
    seq: int
    gzip: bool

    @property
    def name(self) -> str:
        return f"{self.prefix}-{self.run_id}-{self.seq:05d}.warc" + (".gz" if self.gzip else "")


def parse_warc_name(name: str) -> WarcName | None:
    """``vnla-<run_id>-00003.warc.gz`` → its parts; None for any other name."""
    m = WARC_NAME.match(name)
    if not m:
        return None
    return WarcName(m["prefix"], m["run_id"], int(m["seq"]), bool(m["gz"]))


def run_id_of(path: Path | str) -> str | None:
    """The run a file of the archive belongs to (WARC, manifest, known pages, frontier log,
    locks); None for a file that is not a run's (``index.jsonl``, strangers)."""
    name = Path(path).name
    warc = parse_warc_name(name)
    if warc is not None:
        return warc.run_id
    for suffix in _RUN_FILE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    if name.endswith(RUN_LOCK_SUFFIX) and len(name) > len(RUN_LOCK_SUFFIX):
        return name.removesuffix(RUN_LOCK_SUFFIX)
    return None


def is_warc(path: Path | str) -> bool:
    return Path(path).name.endswith(WARC_SUFFIXES)


@dataclass(frozen=True)
class ArchiveLayout:
    """The files of one archive directory. Build it once at the edge (CLI, flow parameters) and
    pass it, not the bare directory string."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))  # a str from a flow parameter

    @classmethod
    def of(cls, where: ArchiveLayout | Path | str) -> ArchiveLayout:
        return where if isinstance(where, ArchiveLayout) else cls(Path(where))

    def __str__(self) -> str:
        return str(self.root)

    # -- one run's files ---------------------------------------------------------------------
    def manifest(self, run_id: str) -> Path:
        return self.root / f"{run_id}{MANIFEST_SUFFIX}"

    def known_pages(self, run_id: str) -> Path:
        return self.root / f"{run_id}{KNOWN_SUFFIX}"

    def frontier_log(self, run_id: str) -> Path:
        return self.root / f"{run_id}{FRONTIER_SUFFIX}"

    def crawl_log(self, run_id: str) -> Path:
        """Scrapy's full log of one crawl (crawlers/subprocess_runner.py writes it)."""
        return self.root / f"{run_id}{CRAWL_LOG_SUFFIX}"

    def run_lock(self, run_id: str) -> Path:
        """Held by the crawl process while it runs (crawlers/extensions.py FrontierLog)."""
        return self.root / f"{run_id}{RUN_LOCK_SUFFIX}"

    def flow_lock(self, run_id: str) -> Path:
        """Held by the flow process for the life of its run (flows/frontier.py)."""
        return self.root / f"{run_id}{FLOW_LOCK_SUFFIX}"

    def warc_file(self, prefix: str, run_id: str, seq: int) -> Path:
        return self.root / WarcName(prefix, run_id, seq, gzip=True).name

    # -- listings ------------------------------------------------------------------------------
    def index(self) -> Path:
        return self.root / INDEX_NAME

    def manifests(self) -> list[Path]:
        """Every run's capture manifest, by name (= run id = start time order)."""
        return sorted(self.root.glob(f"*{MANIFEST_SUFFIX}"))

    def warc_files(self, run_id: str | None = None, prefix: str | None = None) -> list[Path]:
        """WARC files (``.warc.gz`` or ``.warc``). Without ``run_id``: every WARC file in the
        directory, whatever its name (a foreign file is still the archive's to check), sorted
        by name. With ``run_id`` (and ``prefix``): that run's files in sequence order."""
        if not self.root.is_dir():
            return []
        if run_id is None and prefix is None:
            return sorted(p for p in self.root.iterdir() if is_warc(p) and p.is_file())
        found: list[tuple[int, Path]] = []
        for path in self.root.iterdir():
            warc = parse_warc_name(path.name)
            if (
                warc is not None
                and (run_id is None or warc.run_id == run_id)
                and (prefix is None or warc.prefix == prefix)
                and path.is_file()
            ):
                found.append((warc.seq, path))
        return [path for _, path in sorted(found)]

    def warc_runs(self) -> dict[str, list[Path]]:
        """WARC files named by this layout, grouped by run id; runs and files in order."""
        runs: dict[str, list[tuple[int, Path]]] = {}
        if self.root.is_dir():
            for path in self.root.iterdir():
                warc = parse_warc_name(path.name)
                if warc is not None and path.is_file():
                    runs.setdefault(warc.run_id, []).append((warc.seq, path))
        return {run: [p for _, p in sorted(files)] for run, files in sorted(runs.items())}

    def next_warc_seq(self, prefix: str, run_id: str) -> int:
        """The first sequence number after the run's existing ``.warc.gz`` files: a rerun with
        the same run id continues the numbering, never overwrites."""
        seqs = [
            warc.seq
            for path in self.warc_files(run_id, prefix)
            if (warc := parse_warc_name(path.name)) is not None and warc.gzip
        ]
        return max(seqs) + 1 if seqs else 0


@dataclass(frozen=True)
class WarehouseFiles:
    """Lock files beside a DuckDB file (``<db>.load.lock``, ``<db>.run.lock``), keyed by the
    resolved path so two spellings of one file share its locks."""

    db: Path

    @classmethod
    def of(cls, db_path: Path | str) -> WarehouseFiles:
        return cls(Path(db_path).resolve())

    @property
    def load_lock(self) -> Path:
        """Held around dedupe → load: one loader per DuckDB file."""
        return self.db.with_name(self.db.name + ".load.lock")

    @property
    def run_lock(self) -> Path:
        """Held for a whole deployment run (archive or maintenance) against the file."""
        return self.db.with_name(self.db.name + ".run.lock")

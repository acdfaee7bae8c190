"""`vnarchive`: the one command-line entry point of the pipeline."""

from __future__ import annotations

import time
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from vnarchive import runtime

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flows.archive import RunSummary
    from flows.orchestrate import SourceRun
    from sites import Source
    from vnarchive.demo_sites.server import DemoSites
    from warehouse.db import Warehouse

app = typer.Typer(
    help="Archive Vietnamese government, party and provincial legal-information sites: "
    "crawl → WARC → extract → DuckDB, orchestrated by Prefect.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

DataDir = Annotated[
    Path,
    typer.Option("--data-dir", help="Where the DuckDB file, WARC archive and Prefect home live."),
]
EXAMPLE_QUERY = (
    "SELECT s.name, count(*) AS articles, min(a.published_on) AS first, "
    "max(a.published_on) AS last "
    "FROM articles a JOIN sources s USING (source_id) GROUP BY ALL ORDER BY articles DESC"
)


@contextmanager
def _progress_display(enabled: bool) -> Iterator[None]:
    """Live progress of the crawl/extract/load/resolve stages, fed by flows.progress."""
    if not enabled:
        yield
        return
    from flows import progress as flow_progress

    display = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        console=console,
        transient=False,
    )
    tasks = {
        "crawl": display.add_task("crawl", total=None, detail=""),
        "extract": display.add_task("extract", total=None, detail="", start=False),
        "load": display.add_task("load", total=None, detail="", start=False),
        "resolve": display.add_task("resolve", total=None, detail="", start=False),
    }

    def listener(stage: str, counts: dict[str, int]) -> None:
        task_id = tasks[stage]
        display.start_task(task_id)
        if stage == "crawl":
            display.update(
                task_id,
                completed=counts.get("pages", 0),
                detail=f"pages fetched, {counts.get('errors', 0)} errors",
            )
            if counts.get("done"):  # the crawl is over (extraction runs alongside it)
                display.update(task_id, total=counts.get("pages", 0))
        elif stage == "extract":
            display.update(
                task_id,
                completed=counts.get("done", 0),
                total=counts.get("total"),
                detail="pages extracted",
            )
        elif stage == "load":
            total = counts.get("articles_total", 0)
            display.update(
                task_id,
                completed=total,
                total=total,
                detail=f"articles in warehouse, {counts.get('articles_new', 0)} new",
            )
        elif stage == "resolve":
            display.update(
                task_id,
                completed=1,
                total=1,
                detail=f"{counts.get('conferences', 0)} conferences, "
                f"{counts.get('directives', 0)} documents, {counts.get('people', 0)} people "
                "re-resolved",
            )

    flow_progress.add_listener(listener)
    try:
        with display:
            yield
    finally:
        flow_progress.remove_listener(listener)


def _prepare(data_dir: Path, verbose: bool) -> None:
    home = runtime.configure_prefect(data_dir, console_level="INFO" if verbose else "WARNING")
    reaped = runtime.reap_orphaned_servers(home)
    if reaped:
        console.print(f"[yellow]stopped {len(reaped)} orphaned Prefect server(s): {reaped}")
    runtime.install_signal_handlers()


def _api_down(url: str, problem: str, embedded_ok: bool) -> NoReturn:
    how = f"start one with `{runtime.SERVER_START}` (docs/operations.md)"
    how += (
        ", or unset PREFECT_API_URL to run on an embedded server"
        if embedded_ok
        else " and leave it running"
    )
    # One line (soft_wrap: no rich wrapping), instead of Prefect's several-hundred-line traceback.
    console.print(
        f"error: no Prefect server answers at {url} ({problem}); {how}",
        style="red",
        markup=False,
        soft_wrap=True,
    )
    raise typer.Exit(1)


def _lost_api(exc: BaseException) -> str | None:
    """What in ``exc``'s chain says the Prefect API could not be reached (None: something else)."""
    import httpx

    found: str | None = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, httpx.TransportError):  # the root cause says most: prefer it
            return f"{type(current).__name__}: {current}"
        if isinstance(current, RuntimeError) and "Failed to reach API" in str(current):
            found = str(current)
        current = current.__cause__ or current.__context__
    return found


def _require_api(embedded_ok: bool) -> None:
    """Stop with one line, saying what to do, if the Prefect API named by PREFECT_API_URL does not
    answer. Right after :func:`_prepare`, before importing the flows (seconds): a dead server is
    reported at once. No check on the embedded server (no PREFECT_API_URL): this process starts
    it."""
    url = runtime.prefect_api_url()
    problem = runtime.api_unreachable(url) if url else None
    if url and problem:
        _api_down(url, problem, embedded_ok)


@contextmanager
def _prefect_api(embedded_ok: bool) -> Iterator[None]:
    """The same line if the server goes away while the command runs (instead of the traceback)."""
    try:
        yield
    except Exception as exc:
        url, lost = runtime.prefect_api_url(), _lost_api(exc)
        if url is None or lost is None:
            raise
        _api_down(url, lost, embedded_ok)


def _print_summary(summary: RunSummary, elapsed: float) -> None:
    table = Table(title=f"run {summary.run_id}", show_header=False)
    table.add_row("pages fetched", str(summary.pages_fetched))
    table.add_row("fetch errors", str(summary.fetch_errors))
    table.add_row("pages extracted", str(summary.pages_extracted))
    table.add_row("article pages extracted", str(summary.articles_seen))
    table.add_row("new stories", str(summary.articles_new))
    table.add_row("articles stored (stories)", str(summary.articles_total))
    table.add_row("article pages stored (copies)", str(summary.totals.get("article_copies", 0)))
    for name in (
        "directives",
        "directive_mentions",
        "conferences",
        "conference_mentions",
        "people",
    ):
        table.add_row(name.replace("_", " "), str(summary.totals.get(name, 0)))
    table.add_row("DuckDB file", summary.db_path)
    table.add_row("WARC archive", summary.archive_dir)
    table.add_row("time", f"{elapsed:.1f} s")
    Console().print(table)
    Console().print(
        "Query it (DuckDB allows no other process while a run writes):\n"
        f'  uv run python -c "{query_snippet(summary.db_path)}"'
    )


def query_snippet(db: str) -> str:
    """Python that prints the example query over `db`. The connection is bound to a name: a
    relation printed after its connection was garbage-collected raises "already closed"."""
    return (
        f"import duckdb; con = duckdb.connect('{db}', read_only=True); "
        f"con.sql('{EXAMPLE_QUERY}').show()"
    )


@app.command()
def demo(
    articles: Annotated[int, typer.Option(help="Generated articles across the demo sites.")] = 300,
    data_dir: DataDir = runtime.DEFAULT_DATA_DIR,
    port: Annotated[
        int, typer.Option(help="First port of the demo sites on 127.0.0.1 (one port per site).")
    ] = 18600,
    max_pages: Annotated[
        int | None, typer.Option(help="Stop the crawl after this many pages.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect logs.")] = False,
) -> None:
    """Serve the demo sites on loopback, run the archive flow over them, print a summary.

    The demo sites are the project's own, so the crawl runs without politeness delays. Ports are
    fixed so that a second run sees the same URLs and adds no rows.
    """
    _prepare(data_dir, verbose)
    _require_api(embedded_ok=True)
    from flows.archive import archive_flow
    from vnarchive.demo_sites.server import DemoSites
    from vnarchive.demo_sites.sites import demo_sources

    started = time.perf_counter()
    with _prefect_api(embedded_ok=True), DemoSites(n_articles=articles, base_port=port) as sites:
        sources = demo_sources(sites.base_urls)
        console.print(
            f"demo sites: {', '.join(sites.base_urls.values())} "
            f"({len(sites.article_urls())} article pages)"
        )
        with _progress_display(not verbose):
            summary = archive_flow(
                start_urls=list(sites.base_urls.values()),
                db_path=str((data_dir / "vnarchive.duckdb").resolve()),
                archive_dir=str((data_dir / "warc").resolve()),
                max_pages=max_pages,
                polite=False,
                sources=sources,
            )
    _print_summary(summary, time.perf_counter() - started)


FAULTS_HELP = (
    "Inject faults: broken pages under /faults/ of haiphong-pbgdpl (503 burst, a page slower than "
    "the crawler's timeout, redirect loop, a robots.txt-disallowed page, windows-1258 bytes "
    "labelled utf-8, truncated HTML, a 50 MB page, PDF/DOCX/ZIP attachments, a sitemap entity "
    "bomb) and a fourth site, down-site on the next port, answering 503 to everything (its "
    "source fails). See docs/operations.md."
)


@app.command("demo-sites")
def demo_sites(
    articles: Annotated[int, typer.Option(help="Generated articles across the demo sites.")] = 300,
    port: Annotated[int, typer.Option(help="First port on 127.0.0.1 (one port per site).")] = 18600,
    faults: Annotated[bool, typer.Option("--faults", help=FAULTS_HELP)] = False,
) -> None:
    """Serve the demo sites alone on 127.0.0.1 until Ctrl-C."""
    from vnarchive.demo_sites.server import serve_forever

    serve_forever(n_articles=articles, base_port=port, faults=faults)


def demo_source_runs(sites: DemoSites) -> list[SourceRun]:
    """What `serve --demo` schedules: one run per demo site, plus the down site under --faults."""
    from flows.orchestrate import SourceRun
    from sites import Source
    from vnarchive.demo_sites.faults import DOWN_SITE, DOWN_TITLE
    from vnarchive.demo_sites.sites import demo_sources

    runs = [
        SourceRun(source=s, start_urls=[sites.base_urls[s.source_id]], polite=False)
        for s in demo_sources(sites.base_urls)
    ]
    if sites.down_url is not None:
        down = Source(source_id=DOWN_SITE, name=DOWN_TITLE, base_url=sites.down_url)
        runs.append(SourceRun(source=down, start_urls=[sites.down_url + "/"], polite=False))
    return runs


def _resolve_crawl_sources(
    start_urls: list[str], names: list[str]
) -> tuple[list[str], list[Source]]:
    """Start URLs and sources of `--source` names (plus registry entries of `--start-url`
    hosts, so a registered site keeps its source_id and priority however it is crawled)."""
    from sites.registry import RegistryError, UnknownSourceError, load_registry

    if not start_urls and not names:
        raise typer.BadParameter("give --start-url URL or --source NAME", param_hint="--start-url")
    from crawlers.scope import ScopeError, check_start_url, remember_credentials

    try:  # file:// and other schemes refused; user:password@ kept out of every stored URL
        start_urls = remember_credentials(check_start_url(u) for u in start_urls)
    except ScopeError as exc:
        raise typer.BadParameter(str(exc), param_hint="--start-url") from None
    try:
        registry = load_registry()
    except RegistryError as exc:
        if names:
            raise typer.BadParameter(str(exc), param_hint="--source") from None
        return list(start_urls), []  # a broken registry must not block plain URL crawls
    entries = []
    for name in dict.fromkeys(names):
        try:
            entries.append(registry.get(name))
        except UnknownSourceError as exc:
            raise typer.BadParameter(str(exc), param_hint="--source") from None
    for url in start_urls:
        entry = registry.source_for(url)
        if entry is not None and entry not in entries:
            entries.append(entry)
    urls = list(
        dict.fromkeys(
            [*start_urls, *(u for e in entries if e.source_id in names for u in e.start_urls)]
        )
    )
    return urls, entries


@app.command()
def sources(
    registry: Annotated[
        Path | None,
        typer.Option(help="Registry TOML to list (default: sites/sources.toml)."),
    ] = None,
) -> None:
    """List the registered sites: name, organisation, province, start URL, discovery, priority."""
    from sites.registry import RegistryError, load_registry

    try:
        reg = load_registry(registry)
    except RegistryError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(1) from None
    table = Table(
        "name",
        "organisation",
        "province",
        "start URL",
        "sitemap / RSS",
        "priority",
        title=f"{len(reg)} sources ({reg.path})",
    )
    for e in sorted(reg, key=lambda e: (e.priority, e.source_id)):
        discovery = ", ".join([*e.sitemaps, *e.feeds]) or "auto (robots.txt, /sitemap.xml, links)"
        table.add_row(
            e.source_id,
            e.organization,
            e.province or "(national)",
            e.start_urls[0],
            discovery,
            str(e.priority),
        )
    Console(width=200).print(table)


@app.command()
def crawl(
    start_url: Annotated[
        list[str] | None,
        typer.Option("--start-url", help="Page to start from (repeatable)."),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="Registry source to crawl (repeatable; `vnarchive sources` lists them).",
        ),
    ] = None,
    max_pages: Annotated[
        int | None, typer.Option(help="Stop the crawl after this many pages.")
    ] = None,
    db: Annotated[Path, typer.Option(help="DuckDB file to load into.")] = (
        runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb"
    ),
    archive: Annotated[Path, typer.Option(help="Directory of the WARC archive.")] = (
        runtime.DEFAULT_DATA_DIR / "warc"
    ),
    polite: Annotated[
        bool,
        typer.Option(help="Obey delays and AutoThrottle (turn off only for your own servers)."),
    ] = True,
    data_dir: DataDir = runtime.DEFAULT_DATA_DIR,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect logs.")] = False,
) -> None:
    """Crawl any site from its start URL(s), or registry sources, through the demo's flow."""
    start_urls, sources = _resolve_crawl_sources(start_url or [], source or [])
    _prepare(data_dir, verbose)
    _require_api(embedded_ok=True)
    from flows.archive import archive_flow

    started = time.perf_counter()
    with _prefect_api(embedded_ok=True), _progress_display(not verbose):
        summary = archive_flow(
            start_urls=start_urls,
            db_path=str(db.resolve()),
            archive_dir=str(archive.resolve()),
            max_pages=max_pages,
            polite=polite,
            sources=sources or None,
        )
    _print_summary(summary, time.perf_counter() - started)


DbPath = Annotated[Path, typer.Option("--db", help="DuckDB file of the warehouse.")]


@contextmanager
def _reader(db: Path) -> Iterator[Warehouse]:
    """The warehouse opened read-only (never created or migrated); its errors as CLI errors."""
    from warehouse.db import Warehouse, WarehouseError, WarehouseMissing

    def waiting(message: str) -> None:
        console.print(message, style="yellow", markup=False)  # paths may hold "[…]"

    try:
        warehouse = Warehouse(db, read_only=True, on_wait=waiting)
    except WarehouseMissing as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from None
    except WarehouseError as exc:  # busy beyond VNARCHIVE_DB_WAIT, or not migrated
        console.print(f"error: {exc}", style="red", markup=False)
        raise typer.Exit(1) from None
    with warehouse:
        yield warehouse


@app.command()
def export(
    parquet: Annotated[
        Path,
        typer.Option("--parquet", help="Directory to write one .parquet per table and view."),
    ],
    db: DbPath = runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb",
) -> None:
    """Export every warehouse table and analyst view to Parquet (one file each), with the table
    and column comments as Parquet key-value metadata (docs/warehouse.md, "Parquet export").
    Reads only: runs beside other readers, waits (VNARCHIVE_DB_WAIT) while a load writes."""
    import pyarrow.parquet as pq

    with _reader(db) as warehouse:
        views = set(warehouse.views())
        written = warehouse.export_parquet(parquet)
    table = Table("name", "kind", "rows", "file", title=f"exported {len(written)} tables and views")
    for name, path in written.items():
        rows = pq.read_metadata(path).num_rows  # the footer only
        table.add_row(name, "view" if name in views else "table", f"{rows:,}", str(path))
    Console().print(table)


@app.command()
def reprocess(
    archive: Annotated[Path, typer.Option(help="Directory of the WARC archive to read.")],
    db: DbPath = runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb",
    data_dir: DataDir = runtime.DEFAULT_DATA_DIR,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect logs.")] = False,
) -> None:
    """Rebuild captures, extraction and the content tables from the WARC files alone (offline)."""
    if not archive.is_dir():
        raise typer.BadParameter(f"{archive} is not a directory", param_hint="--archive")
    _prepare(data_dir, verbose)
    _require_api(embedded_ok=True)
    from flows.reprocess import damage_report, reprocess_flow

    started = time.perf_counter()
    with _prefect_api(embedded_ok=True):
        summary = reprocess_flow(archive_dir=str(archive.resolve()), db_path=str(db.resolve()))
    table = Table("", "", title=f"reprocessed {len(summary.runs)} runs from {archive}")
    for label, value in (
        ("WARC files", summary.warc_files),
        ("captures", summary.captures),
        ("fetch errors", summary.fetch_errors),
        ("pages extracted", summary.pages_extracted),
        ("extraction errors", summary.extract_errors),
        ("attachments", summary.attachments),
        ("articles", summary.articles_total),
        ("damaged WARC stretches skipped", summary.damaged_records),
        ("manifest lines skipped", summary.skipped_manifest_lines),
        ("seconds", f"{time.perf_counter() - started:.1f}"),
        ("database", summary.db_path),
    ):
        table.add_row(label, str(value))
    Console().print(table)
    for line in damage_report(summary):  # the run went on; say what it skipped, and where
        Console().print(f"[yellow]{escape(line)}")


@app.command()
def resolve(
    db: DbPath = runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb",
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Re-resolve every mention (not only the unresolved ones): the entity tables "
            "are derived again from the mention tables.",
        ),
    ] = False,
) -> None:
    """Link conference, directive and people mentions to entities (one row per real thing).
    Every load already does it for its own mentions; run it after a model change, or with
    --rebuild to re-derive everything. Writes: takes the load lock and the file."""
    from flows.locks import warehouse_lock
    from flows.resolve import resolve as resolve_mentions
    from warehouse.db import Warehouse, WarehouseError

    if not db.is_file():
        raise typer.BadParameter(f"{db} does not exist", param_hint="--db")

    def say(line: str) -> None:
        console.print(line, markup=False)

    try:
        with warehouse_lock(str(db.resolve())), Warehouse(db) as warehouse:
            stats = resolve_mentions(warehouse.con, rebuild=rebuild, progress=say)
    except WarehouseError as exc:  # busy beyond VNARCHIVE_DB_WAIT
        console.print(f"error: {exc}", style="red", markup=False)
        raise typer.Exit(1) from None
    table = Table("", "", title=f"{'rebuilt' if stats.rebuild else 'resolved'} {db}")
    for label, value in stats.as_dict().items():
        table.add_row(label.replace("_", " "), str(value))
    Console().print(table)


class Accents(StrEnum):
    """How `search` compares accents (the `accents` argument of the SQL macro)."""

    auto = "auto"
    ignore = "ignore"
    exact = "exact"


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words to find, all of them by default; "a quoted phrase" must appear as '
            "written (words in order, adjacent). A query typed without any mark matches every "
            'accented form ("bao cao vien" finds "báo cáo viên"); with marks, the marks count '
            "(báo ≠ bão)."
        ),
    ],
    limit: Annotated[int, typer.Option(help="How many results.")] = 10,
    any_word: Annotated[
        bool,
        typer.Option("--any", help="Stories holding any of the words or phrases (not all)."),
    ] = False,
    accents: Annotated[
        Accents,
        typer.Option(
            help="auto: marks count when the query has any; ignore: never (stories matching as "
            "typed rank first); exact: always."
        ),
    ] = Accents.auto,
    db: DbPath = runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb",
) -> None:
    """Full-text search over story titles and bodies: stories matching as typed first, then by
    BM25; each with the first match «highlighted». The same as the SQL macro `search` (see
    `vnarchive sql`). Reads only (see `export`)."""
    from pipelines.search import parse_query

    parsed = parse_query(query, accents.value)
    with _reader(db) as warehouse:
        rows = warehouse.search(query, limit, any_word=any_word, accents=accents.value)
    units = " ".join(f'"{" ".join(unit)}"' if len(unit) > 1 else unit[0] for unit in parsed.units)
    how = (
        f"{'any of' if any_word else 'all of'} {units}, "
        f"{'any accents' if parsed.folded else 'accents as typed'}"
    )
    table = Table(
        "score", "published", "site", "title / match", title=f"{len(rows)} results: {how}"
    )
    for _id, title, published_on, site, url, _exact, score, snippet in rows:
        table.add_row(
            f"{score:.2f}",
            str(published_on or ""),
            site,
            f"[bold]{escape(title or '')}[/bold]\n{_highlight(snippet)}\n[dim]{escape(url)}[/dim]",
        )
    Console().print(table)


def _highlight(snippet: str) -> str:
    """Rich markup of a `search` snippet: the «match» in reverse video, the rest escaped."""
    before, _, rest = snippet.partition("«")
    match, _, after = rest.rpartition("»") if rest else ("", "", "")
    if not match:
        return escape(snippet)
    return f"{escape(before)}[reverse]{escape(match)}[/reverse]{escape(after)}"


@app.command()
def sql(
    command: Annotated[
        str | None,
        typer.Option("-c", "--command", help="Run this one statement, print its result, exit."),
    ] = None,
    csv: Annotated[bool, typer.Option("--csv", help="With -c: print CSV, not a table.")] = False,
    print_init: Annotated[
        bool,
        typer.Option(
            "--print-init",
            help="Print the SQL that sets up another DuckDB 1.4 client (DBeaver, a notebook) "
            "the same way, and exit.",
        ),
    ] = False,
    db: DbPath = runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb",
) -> None:
    """A read-only SQL session on the warehouse with the full-text extension and the macro
    library (search, directive_card, directive_timeline, fold_accents) loaded, offline: the
    DuckDB shell, or with -c one statement. Queries of docs/warehouse.md run as written."""
    from warehouse.db import analyst_init_sql, load_analyst_macros

    if print_init:
        print(analyst_init_sql())
        return
    if command is None:
        _sql_shell(db, analyst_init_sql())
        return
    import duckdb

    with _reader(db) as warehouse:
        load_analyst_macros(warehouse.con)
        try:
            cursor = warehouse.con.execute(command)
        except duckdb.Error as exc:
            console.print(f"error: {exc}", style="red", markup=False)
            raise typer.Exit(1) from None
        names = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if names else []
    if csv:
        import csv as csv_module
        import sys

        writer = csv_module.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
        return
    table = Table(*names, title=f"{len(rows)} rows")
    for row in rows:
        table.add_row(*("NULL" if v is None else escape(str(v)) for v in row))
    Console().print(table)


def _sql_shell(db: Path, init_sql: str) -> None:
    """The DuckDB CLI (the duckdb-cli dependency, the same DuckDB version as the library, so it
    loads the same fts extension file), read-only, started with the extension and macros."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    if not db.is_file():
        raise typer.BadParameter(f"{db} does not exist", param_hint="--db")
    beside = Path(sys.executable).with_name("duckdb")  # the venv's, even when not activated
    binary = str(beside) if beside.is_file() else shutil.which("duckdb")
    if binary is None:
        console.print("error: the duckdb CLI is not installed (uv sync)", style="red")
        raise typer.Exit(1)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as init:
        init.write(init_sql)
    try:
        code = subprocess.call([binary, "-readonly", "-init", init.name, str(db)])
    finally:
        os.unlink(init.name)
    raise typer.Exit(code)


@app.command()
def report(
    db: DbPath = runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb",
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write index.html into.")
    ] = runtime.DEFAULT_DATA_DIR / "report",
) -> None:
    """Write the analyst report: one self-contained HTML file (charts inline, no script, opens
    offline) of monthly activity per site, directive uptake, organisers by month, republication
    between sites and the most-cited documents. Reads only (see `export`)."""
    from flows.analyst_report import write_report
    from warehouse.report import read_report

    with _reader(db) as warehouse:
        data = read_report(warehouse.con)
    path = write_report(data, out)
    Console().print(f"report: {path} ({path.stat().st_size:,} bytes)", markup=False)


@app.command()
def extract(
    file: Annotated[
        Path,
        typer.Argument(
            help="An HTML page, or a plain-text article.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    url: Annotated[str, typer.Option(help="URL the page was fetched from (helps dating).")] = "",
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD; anchors year-less dates like 'Ngày 22/11'."
        ),
    ] = None,
) -> None:
    """Extract one document and print its article, directives and conferences as one JSON object."""
    import json
    from datetime import date

    from pipelines.document import contract_record, process_document
    from sites.families import FAMILIES

    published_on = None
    if published:
        try:
            published_on = date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter("expected YYYY-MM-DD", param_hint="--published") from None
    document = process_document(
        file.read_bytes(), url=url, published=published_on, detect_among=FAMILIES
    )
    typer.echo(json.dumps(contract_record(document), ensure_ascii=False, indent=2))


@app.command()
def serve(
    config: Annotated[
        Path, typer.Option(help="Schedules, paths and alert thresholds (see docs/operations.md).")
    ] = Path("deployments.toml"),
    demo: Annotated[
        bool,
        typer.Option(help="Serve the demo sites too and schedule them instead of the registry."),
    ] = False,
    articles: Annotated[int, typer.Option(help="Demo corpus size (with --demo).")] = 300,
    port: Annotated[int, typer.Option(help="First demo-site port (with --demo).")] = 18600,
    faults: Annotated[bool, typer.Option("--faults", help="With --demo: " + FAULTS_HELP)] = False,
    data_dir: DataDir = runtime.DEFAULT_DATA_DIR,
) -> None:
    """Serve the archive and maintenance deployments on cron schedules (needs a Prefect server).

    Start the server first (`PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 uv run prefect
    server start`) and export PREFECT_API_URL=http://127.0.0.1:4200/api.
    """
    import os

    if faults and not demo:
        raise typer.BadParameter("--faults needs --demo", param_hint="--faults")
    if not os.environ.get("PREFECT_API_URL"):
        raise typer.BadParameter(
            f"set PREFECT_API_URL to a running Prefect server (`{runtime.SERVER_START}`, then "
            "export PREFECT_API_URL=http://127.0.0.1:4200/api)",
            param_hint="PREFECT_API_URL",
        )
    _prepare(data_dir, verbose=True)
    _require_api(embedded_ok=False)
    from flows.deployments import load_config, resolve_sources, serve_deployments

    settings = load_config(config)
    with _prefect_api(embedded_ok=False):
        if not demo:
            serve_deployments(settings, resolve_sources(settings))
            return
        from vnarchive.demo_sites.server import DemoSites

        settings.warehouse.db_path = str(data_dir / "vnarchive.duckdb")
        settings.warehouse.archive_dir = str(data_dir / "warc")
        settings.warehouse.parquet_dir = str(data_dir / "parquet")
        with DemoSites(n_articles=articles, base_port=port, faults=faults) as sites:
            runs = demo_source_runs(sites)
            console.print(f"demo sites: {', '.join(r.start_urls[0] for r in runs)}")
            if faults:
                console.print(f"faults: {FAULTS_HELP}", markup=False)
            serve_deployments(settings, resolve_sources(settings, runs))


@app.command()
def verify(
    archive: Annotated[Path, typer.Option(help="Directory of the WARC archive.")] = (
        runtime.DEFAULT_DATA_DIR / "warc"
    ),
    db: Annotated[Path, typer.Option("--db", help="DuckDB file of the warehouse.")] = (
        runtime.DEFAULT_DATA_DIR / "vnarchive.duckdb"
    ),
    show: Annotated[int, typer.Option(help="How many problems to list.")] = 20,
) -> None:
    """Check the warehouse against the WARC archive (read-only): every capture's record reads
    back with its digest, every article page has its capture, every WARC record its capture row.
    Exits 1, naming each bad record (file:offset URL), on a mismatch."""
    from flows.verify import verify_archive
    from warehouse.db import WarehouseError

    if not archive.is_dir():
        raise typer.BadParameter(f"{archive} is not a directory", param_hint="--archive")
    if not db.is_file():
        raise typer.BadParameter(f"{db} does not exist", param_hint="--db")
    try:
        report = verify_archive(db, archive)
    except WarehouseError as exc:  # not a migrated warehouse, or busy beyond VNARCHIVE_DB_WAIT
        console.print(f"error: {exc}", style="red", markup=False)
        raise typer.Exit(2) from None
    table = Table("check", "checked", "problems", title=f"verify {db} against {archive}")
    for check, n in report.checked.items():
        bad = len(report.problems_of(check))
        table.add_row(check, str(n), f"[red]{bad}[/red]" if bad else "0")
    out = Console()
    out.print(table)
    out.print(
        f"{report.warc_files} WARC files; {report.earlier_attempts} earlier attempts of "
        "captured URLs (retries) archived without a row of their own"
    )
    if report.ok:
        out.print("[green]archive and warehouse agree[/green]")
        return
    for problem in report.problems[:show]:
        out.print(f"[red]{problem.check}[/red]: {problem}", soft_wrap=True, markup=True)
    if len(report.problems) > show:
        out.print(f"… and {len(report.problems) - show} more")
    raise typer.Exit(1)


if __name__ == "__main__":
    app()

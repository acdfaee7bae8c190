"""Cost of the resolve step (flows/resolve.py) as the warehouse grows (issue 11).

Synthetic stories, each with one conference report (1-5 reports per real event, on different
sites, over three years), 1-3 directive citations (a pool of ~360 party symbols and local plans;
half the citations dated with their document's one issue date, 5% of those a day off) and 1-2
chairs (the organising body's officials 9 times in 10, with their titles; 20% of reports name no
organiser), are loaded through the real load path (`Warehouse.load` of the declared staged
tables) into warehouses of several sizes and resolved (one rebuild). Then 5 new stories are
loaded and resolved incrementally, timed, on a copy of each warehouse: the incremental resolve
must cost about the same whatever the warehouse's size (it grows with the new mentions, not with
the archive), and stay well under the cost of the rest of an incremental run.

Each size prints the rebuild time, the incremental load and resolve (wall and CPU seconds, the
resolve/load ratio), how many new citations were resolved against the stored documents of their
symbol and new people mentions joined to stored people (the rest: their group resolved whole),
and how many reports were re-clustered.

Usage:
    uv run python benchmarks/resolve_incremental.py [--sizes 1000,10000] [--new 5] [--repeat 3]
        [--out benchmarks/results/resolve_incremental.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.resolve import ResolveStats, resolve  # noqa: E402
from warehouse import keys  # noqa: E402
from warehouse.db import Warehouse  # noqa: E402
from warehouse.tables import LoadBatch, schema  # noqa: E402

RUN = "bench-run"
SITES = [
    ("tw", "https://tw.example.vn", None),
    ("hp", "https://hp.example.vn", "Hải Phòng"),
    ("bn", "https://bn.example.vn", "Bắc Ninh"),
    ("qn", "https://qn.example.vn", "Quảng Ninh"),
    ("hn", "https://hn.example.vn", "Hà Nội"),
]
ORGANIZERS = [
    "Ban Tuyên giáo Tỉnh ủy {p}",
    "Tỉnh ủy {p}",
    "Sở Tư pháp tỉnh {p}",
    "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh {p}",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc"]
GIVEN = ["Hùng", "Lan", "Minh", "Hoa", "Nam", "Tuấn", "Hà", "Dũng", "Thảo", "Sơn", "Phương"]
TITLES = ["Phó Trưởng ban", "Trưởng ban", "Giám đốc", "Phó Giám đốc", "Bí thư", "Phó Bí thư"]
DAY0 = date(2023, 1, 1)


def _issued_on(symbol: str) -> date:
    """The issue date of the document a synthetic symbol stands for (one per symbol, 2016-2022,
    so documents fall in two Party terms)."""
    return date(2016, 1, 1) + timedelta(days=zlib.crc32(symbol.encode()) % (7 * 365))


def _random_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _roster(organizer: str) -> list[tuple[str, str]]:
    """A body's three officials (name, title): the same people chair its conferences."""
    rng = random.Random(zlib.crc32(organizer.encode()))
    return [(_random_name(rng), TITLES[i]) for i in rng.sample(range(len(TITLES)), 3)]


def _stories(n: int, seed: int, first: int = 0) -> list[dict[str, Any]]:
    """n stories: one conference report each, reports of one event on 1-5 sites."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    i = first
    while len(out) < n:
        day = DAY0 + timedelta(days=rng.randrange(3 * 365))
        province = rng.choice([s[2] for s in SITES if s[2]])
        month = f"tháng {day.month}/{day.year}"
        event = rng.choice(
            [
                (f"Hội nghị báo cáo viên {month}", "báo cáo viên", month),
                (
                    f"Hội nghị quán triệt Nghị quyết số {rng.randrange(1, 80)}-NQ/TW",
                    "quán triệt",
                    None,
                ),
                (f"Hội nghị tổng kết công tác năm {day.year - 1}", "tổng kết", None),
            ]
        )
        organizer = rng.choice(ORGANIZERS).format(p=province)
        # The body's officials chair its conferences (9 in 10), else someone new.
        officials = [
            p if rng.random() < 0.9 else (_random_name(rng), rng.choice(TITLES))
            for p in rng.sample(_roster(organizer), rng.randint(1, 2))
        ]
        chairs = [name for name, _ in officials]
        for site in rng.sample(SITES, rng.randint(1, 5)):
            if len(out) >= n:
                break
            symbols = list(
                dict.fromkeys(
                    [
                        f"{rng.randrange(1, 120)}-{rng.choice(['CT', 'NQ', 'KL'])}/TW"
                        for _ in range(rng.randint(1, 3))
                    ]
                    + ([f"{rng.randrange(1, 999)}/KH-UBND"] if rng.random() < 0.3 else [])
                )
            )
            out.append(
                {
                    "n": i,
                    "site": site,
                    "published": day + timedelta(days=rng.randint(0, 2)),
                    "name": event[0] if rng.random() < 0.8 else event[0].upper(),
                    "kind": event[1],
                    "period": event[2],
                    "held_on": day if rng.random() < 0.85 else None,
                    "organizer": organizer if rng.random() < 0.8 else None,
                    "chairs": chairs,
                    "titles": [title for _, title in officials],
                    "symbols": symbols,
                    # Half the citations give the issue date: the document's own, one day off
                    # in 5% of them (a slip: the symbol's group is then resolved whole).
                    "dates": [
                        _issued_on(symbol) + timedelta(days=int(rng.random() < 0.05))
                        if rng.random() < 0.5
                        else None
                        for symbol in symbols
                    ],
                }
            )
            i += 1
    return out


def batch(stories: list[dict[str, Any]]) -> LoadBatch:
    """The LoadBatch the archive flow would stage for these stories (mentions, no entities)."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rows: dict[str, list[dict[str, Any]]] = {
        k: []
        for k in (
            "captures",
            "new_articles",
            "article_copies",
            "touched_articles",
            "conference_mentions",
            "person_mentions",
            "directive_mentions",
        )
    }
    for s in stories:
        source_id, base, province = s["site"]
        url = f"{base}/tin/{s['n']}.html"
        article = keys.article_id(url)
        capture = keys.capture_id(RUN, url, now.isoformat())
        rows["captures"].append(
            {"capture_id": capture, "run_id": RUN, "source_id": source_id, "url": url,
             "status": 200, "fetched_at": now}
        )  # fmt: skip
        story = {
            "article_id": article, "url": url, "source_id": source_id, "title": s["name"],
            "body": s["name"], "published_on": s["published"], "content_hash": article,
            "copies": 1, "first_run_id": RUN, "updated_at": now,
        }  # fmt: skip
        rows["new_articles"].append(story)
        rows["article_copies"].append(
            {"url": url, "article_id": article, "source_id": source_id, "title": s["name"],
             "body": s["name"], "published_on": s["published"], "date_source": "meta",
             "content_hash": article, "similarity": 1.0, "minhash": b"", "capture_id": capture,
             "first_run_id": RUN, "extracted_at": now}
        )  # fmt: skip
        rows["touched_articles"].append({"article_id": article})
        cm = keys.mention_id(article, "conference", 0)
        rows["conference_mentions"].append(
            {"mention_id": cm, "article_id": article, "ordinal": 0, "source_id": source_id,
             "source_province": province, "published_on": s["published"], "name": s["name"],
             "kind": s["kind"], "period": s["period"], "held_on": s["held_on"],
             "organizer": s["organizer"], "nationwide": False, "status": "held",
             "directives": [], "chairs": [c.lower() for c in s["chairs"]], "speakers": [],
             "event_day": s["held_on"] or s["published"]}
        )  # fmt: skip
        for p, (name, title) in enumerate(zip(s["chairs"], s["titles"], strict=True)):
            rows["person_mentions"].append(
                {"mention_id": keys.mention_id(article, "person", p), "article_id": article,
                 "conference_mention_id": cm, "role": "chair", "name": name,
                 "name_key": name.lower(), "position": title, "organization": s["organizer"],
                 "seen_on": s["held_on"] or s["published"]}
            )  # fmt: skip
        for d, (symbol, issued_on) in enumerate(zip(s["symbols"], s["dates"], strict=True)):
            rows["directive_mentions"].append(
                {"mention_id": keys.mention_id(article, "directive", d), "article_id": article,
                 "ordinal": d, "symbol": symbol, "doc_type": None,
                 "number": symbol.split("-")[0].split("/")[0],
                 "issued_on": issued_on,
                 "source_province": province, "published_on": s["published"],
                 "sentence": f"Thực hiện {symbol}."}
            )  # fmt: skip
    sources = pa.Table.from_pylist(
        [{"source_id": s, "name": s, "base_url": b, "priority": 100} for s, b, _ in SITES],
        schema=schema("sources"),
    )
    return LoadBatch(
        sources=sources,
        **{name: pa.Table.from_pylist(r, schema=schema(name)) for name, r in rows.items()},
    )


def build(path: Path, n: int, seed: int) -> tuple[float, ResolveStats]:
    """A warehouse of n stories, loaded in batches of 1000 and rebuilt once."""
    stories = _stories(n, seed)
    with Warehouse(path) as wh:
        wh.start_run(RUN, datetime(2026, 1, 1, tzinfo=UTC), [])
        started = time.perf_counter()
        for i in range(0, n, 1000):
            wh.load(batch(stories[i : i + 1000]))
        load_s = time.perf_counter() - started
        stats = resolve(wh.con, rebuild=True, progress=lambda _line: None)
    return load_s, stats


def incremental(path: Path, n_existing: int, n_new: int, seed: int) -> dict[str, Any]:
    new = _stories(n_new, seed + 1, first=n_existing)
    with Warehouse(path) as wh:
        started = time.perf_counter()
        wh.load(batch(new))
        load_s = time.perf_counter() - started
        cpu = time.process_time()
        stats = resolve(wh.con, progress=lambda _line: None)
        cpu = time.process_time() - cpu
        counts = {
            t: wh.count(t) for t in ("conference_mentions", "directive_mentions", "person_mentions")
        }
    return {
        "load_s": load_s,
        "resolve_s": stats.seconds,
        "resolve_cpu_s": round(cpu, 3),
        "stats": stats.as_dict(),
        **counts,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--new", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    result: dict[str, Any] = {
        "benchmark": "resolve_incremental",
        "python": platform.python_version(),
        "new_stories": args.new,
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            base = Path(tmp) / f"w{n}.duckdb"
            load_s, rebuilt = build(base, n, seed=11)
            runs = []
            for r in range(args.repeat):
                copy = Path(tmp) / f"w{n}-{r}.duckdb"
                shutil.copyfile(base, copy)
                runs.append(incremental(copy, n, args.new, seed=100 + r))
            median = statistics.median(x["resolve_s"] for x in runs)
            cpu = statistics.median(x["resolve_cpu_s"] for x in runs)
            load = statistics.median(x["load_s"] for x in runs)
            result["sizes"][str(n)] = {
                "stories": n,
                "bulk_load_s": round(load_s, 3),
                "rebuild_s": rebuilt.seconds,
                "rebuild": rebuilt.as_dict(),
                "incremental_load_s_median": round(statistics.median(x["load_s"] for x in runs), 4),
                "incremental_resolve_s_median": round(median, 4),
                "incremental_resolve_cpu_s_median": round(cpu, 4),
                "resolve_to_load": round(median / load, 2),
                "runs": runs,
            }
            print(
                f"{n:>6} stories ({runs[0]['conference_mentions']} conference, "
                f"{runs[0]['directive_mentions']} directive, {runs[0]['person_mentions']} people "
                f"mentions): rebuild {rebuilt.seconds:.2f} s; {args.new} new stories: load "
                f"{load:.3f} s, resolve {median:.3f} s ({cpu:.3f} s CPU; {median / load:.2f}× "
                f"the load; median of {args.repeat}); {runs[0]['stats']['directive_incremental']}"
                f"/{runs[0]['stats']['directive_mentions']} citations against stored documents, "
                f"{runs[0]['stats']['person_incremental']}/{runs[0]['stats']['person_mentions']} "
                "people mentions joined to stored people, "
                f"{runs[0]['stats']['conference_components']} reports re-clustered"
            )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

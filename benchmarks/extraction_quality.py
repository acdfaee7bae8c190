"""Extraction quality on the dev evaluation set (real dev-set, seeds, synthetic, demo corpus).

Sources (issue 3: "the two seeds, the demo corpus, and the real dev-set texts"):
- ``real``: devset/devset.jsonl (30 real texts, hand labels; rules in devset/LABELLING.md);
- ``seed``: the two real seed articles (benchmarks/devset/seeds.jsonl);
- ``synthetic``: hand-written variants (benchmarks/devset/synthetic.jsonl);
- ``heldout``: 22 other real articles (benchmarks/devset/heldout.jsonl), hand-labelled by the
  dev-set rules before the extractor was run on them; not used for the original tuning;
- ``heldout2``: 24 further real articles (benchmarks/devset/heldout2.jsonl: 12 conference
  reports, 12 document-heavy pages) collected and labelled by the same rules after the first
  tuning was done. Scored before any change for them: symbols F1 0.985, conferences F1 0.882,
  conference date 0.80, organiser 0.867, chairs 0.933, speakers F1 0.870; the extractor was then
  fixed for the general patterns they showed (see tests/test_conferences.py);
- ``heldout3``: 28 more real articles (benchmarks/devset/heldout3.jsonl: 14 conference reports
  from central, provincial, district and commune bodies, 14 mixed legal-information pages with
  traps such as plenums cited as history, training classes and congresses), collected after the
  heldout2 fixes. Scored before any change for them: symbols F1 0.973, issue date 0.972,
  conferences F1 0.950, conference date 0.714, organiser 0.895, chairs 0.895, speakers F1 0.857;
  then fixed for the general patterns among their errors (tests/test_conferences.py);
- ``heldout4``: 30 more real articles (benchmarks/devset/heldout4.jsonl: 15 conference reports
  from ministries, courts, procuracies, inspectorates, unions, wards and universities; 15
  document-heavy pages with amendment chains, joint circulars and table headers), collected
  after the heldout3 fixes. Scored before any change for them: symbols F1 1.000, doc type 0.980,
  issue date 0.922, conferences F1 0.944, conference date 0.50, organiser 0.706, chairs 0.706,
  speakers F1 0.70; then fixed for the general patterns among their errors;
- ``heldout5``: 32 more real articles (benchmarks/devset/heldout5.jsonl: PBGDPL, Tuyên giáo and
  party portals; provincial party papers; Party Committee sessions, dialogues, investment
  promotion, police and military conferences), collected after the heldout4 fixes. Scored before
  any change for them: symbols F1 1.000, doc type 0.966, issue date 1.000, conferences F1 1.000,
  conference date 0.571, organiser 0.857, chairs 0.929, speakers F1 0.833, format 0.964; then
  fixed for the general patterns among their errors;
- ``heldout6``: 32 more real articles (benchmarks/devset/heldout6.jsonl) chosen to resemble the
  dev set's pool (báo cáo viên conferences and their copies on district sites and aggregators,
  Đảng ủy Khối "thông tin chuyên đề", legal explainers), collected after the heldout5 fixes.
  Scored before any change for them: symbols F1 1.000, doc type 1.000, issue date 0.971,
  conferences F1 1.000, conference date 0.733, organiser 0.826, chairs 1.000, speakers F1 0.849,
  format 0.957; then fixed for the general patterns among their errors;
- ``heldout7``: 32 more real articles shaped like the dev set's pool (benchmarks/devset/
  heldout7.jsonl; half from Mekong delta, Central Highlands and northern mountain provinces),
  collected after the heldout6 fixes. Scored before any change for them: symbols F1 0.947, doc
  type 0.963, issue date 1.000, conferences F1 0.978, conference date 1.000 (n=6), organiser
  0.773, chairs 1.000, speakers F1 0.880, format 0.955; then fixed for the general patterns;
- ``heldout8``: 20 more real articles from 20 domains in 16 provinces (benchmarks/devset/
  heldout8.jsonl), collected after the heldout7 fixes: the latest honest estimate. Scored before
  any change for them: symbols F1 0.971, doc type 1.000, issue date 1.000, conferences F1 0.923,
  conference date 0.833 (n=6), organiser 0.833, chairs 0.833, speakers F1 0.750, format 1.000;
  then fixed for the general patterns among their errors;
- ``heldout9``: 18 more real articles from new domains (benchmarks/devset/heldout9.jsonl),
  collected after the heldout8 fixes. Scored before any change for them: symbols F1 0.960, doc
  type 1.000, issue date 0.917, conferences F1 0.960, conference date 0.80 (n=5), organiser
  0.750, chairs 0.833, speakers F1 0.842, format 1.000; then fixed for the general patterns;
- issue 11 (organisers and chairs, the fields entity resolution leans on): tuned on the dev set,
  heldout..heldout8 and benchmarks/linkage/dev.jsonl only. Organiser before → after: heldout3
  0.947 → 1.000, heldout5 0.893 → 1.000, heldout6 0.870 → 0.957, heldout7 0.909 → 1.000,
  heldout8 0.833 → 1.000 (chairs 0.917 → 1.000, date 0.833 → 1.000); linkage dev organiser 0.921
  → 0.974. Measured once at the end on sets not tuned on: heldout9 unchanged (organiser 0.833,
  chairs 0.917); benchmarks/linkage/heldout.jsonl organiser 0.891 → 0.875 (one report of 64),
  date 43 → 44 of 48. No other field dropped on any set;
- ``demo``: the generated demo corpus (vnarchive.demo_sites.corpus) with its ground truth
  converted to the same gold format; its copies of the two seeds are left out (already scored
  under ``seed``).

Usage:
    uv run python benchmarks/extraction_quality.py \
        [--out benchmarks/results/extraction_quality.json] [--errors] [--demo-articles 300]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pipelines.entities import find_conferences, find_directives

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
REAL_DEVSET = ROOT / "devset" / "devset.jsonl"  # the 30 real dev-set texts and gold labels
SOURCES = {
    "real": REAL_DEVSET,
    "seed": ROOT / "devset" / "seeds.jsonl",
    "synthetic": ROOT / "devset" / "synthetic.jsonl",
    "heldout": ROOT / "devset" / "heldout.jsonl",
    "heldout2": ROOT / "devset" / "heldout2.jsonl",
    "heldout3": ROOT / "devset" / "heldout3.jsonl",
    "heldout4": ROOT / "devset" / "heldout4.jsonl",
    "heldout5": ROOT / "devset" / "heldout5.jsonl",
    "heldout6": ROOT / "devset" / "heldout6.jsonl",
    "heldout7": ROOT / "devset" / "heldout7.jsonl",
    "heldout8": ROOT / "devset" / "heldout8.jsonl",
    "heldout9": ROOT / "devset" / "heldout9.jsonl",
}
SOURCE_NAMES = (*SOURCES, "demo")
DEMO_ARTICLES = 300


def demo_items(n_articles: int = DEMO_ARTICLES, seed: int = 2021) -> list[dict[str, Any]]:
    """The demo corpus as dev items: body text plus its ground truth in the gold format."""
    from vnarchive.demo_sites.corpus import generate_corpus

    items: list[dict[str, Any]] = []
    for art in generate_corpus(n_articles, seed=seed).articles:
        if art.story_id.startswith("seed-"):
            continue  # the seeds are scored once, as their own source
        directives: dict[str, dict[str, Any]] = {}
        for d in art.directives:  # one gold row per symbol (as the extractor reports them)
            row = directives.setdefault(
                d.symbol, {"symbol": d.symbol, "doc_type": d.doc_type, "issue_date": None}
            )
            if row["issue_date"] is None and d.issued_on is not None:
                row["issue_date"] = d.issued_on.isoformat()
        conferences = [
            {
                "name": c.name,
                "date": c.held_on.isoformat() if c.held_on else None,
                "organizer": c.organizer,
                "chairs": [p.name for p in c.chairs],
                "speakers": [p.name for p in c.speakers],
                "format": c.format,
            }
            for c in art.conferences
        ]
        items.append(
            {
                "id": f"demo:{art.site}{art.path}",
                "source": "demo",
                "text": art.body_text,
                "published": art.published_at.date(),
                "gold": {"directives": list(directives.values()), "conferences": conferences},
            }
        )
    return items


def load(demo_articles: int = DEMO_ARTICLES) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for source, path in SOURCES.items():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            d["source"] = source
            if "text_file" in d:  # seeds are referenced, not copied
                d["text"] = (REPO / d["text_file"]).read_text(encoding="utf-8")
            items.append(d)
    if demo_articles > 0:
        items.extend(demo_items(demo_articles))
    return items


def _sim(a: str | None, b: str | None) -> float:
    if a is None or b is None:
        return 0.5 if a is b else 0.0
    return SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def pair_conferences(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy pairing by name similarity; with one of each, pair regardless of name."""
    if len(gold) == 1 and len(pred) == 1:
        return [(gold[0], pred[0])]
    cands = sorted(
        (
            (_sim(g["name"], p["name"]), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for s, i, j in cands:
        if s < 0.4 or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((gold[i], pred[j]))
    return pairs


class Counter:
    def __init__(self) -> None:
        self.c: dict[str, float] = defaultdict(float)

    def add(self, key: str, v: float = 1.0) -> None:
        self.c[key] += v


def _prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _acc(ok: float, n: float) -> dict[str, float]:
    return {"acc": round(ok / n, 4) if n else None, "n": int(n)}  # type: ignore[dict-item]


def evaluate(items: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    c = Counter()
    errors: list[dict[str, Any]] = []
    for it in items:
        text, gold = it["text"], it["gold"]
        dirs = find_directives(text)
        # One row per symbol, as the gold has it: an article citing two documents of one symbol
        # (05-CT/TW of 2016 and of 2021) gives two Directives; the first stands for the symbol,
        # with the first issue date any of them states (the gold's rule).
        pd: dict[str, Any] = {}
        for d in dirs:
            if d.symbol not in pd:
                pd[d.symbol] = d
            elif pd[d.symbol].issued_on is None and d.issued_on is not None:
                pd[d.symbol] = dataclasses.replace(pd[d.symbol], issued_on=d.issued_on)
        gd = {d["symbol"]: d for d in gold["directives"]}
        tp = set(pd) & set(gd)
        c.add("sym_tp", len(tp))
        c.add("sym_fp", len(set(pd) - set(gd)))
        c.add("sym_fn", len(set(gd) - set(pd)))
        for s in sorted(set(pd) ^ set(gd)):
            errors.append({"id": it["id"], "field": "symbol", "gold": s in gd, "symbol": s})
        for s in tp:
            c.add("dt_n")
            if pd[s].doc_type == gd[s]["doc_type"]:
                c.add("dt_ok")
            else:
                errors.append(
                    {
                        "id": it["id"],
                        "field": "doc_type",
                        "symbol": s,
                        "gold": gd[s]["doc_type"],
                        "pred": pd[s].doc_type,
                    }
                )
            c.add("id_n")
            pi = pd[s].issued_on.isoformat() if pd[s].issued_on else None
            if pi == gd[s]["issue_date"]:
                c.add("id_ok")
            else:
                errors.append(
                    {
                        "id": it["id"],
                        "field": "issue_date",
                        "symbol": s,
                        "gold": gd[s]["issue_date"],
                        "pred": pi,
                    }
                )
        confs = [
            {
                "name": x.name,
                "date": x.held_on.isoformat() if x.held_on else None,
                "organizer": x.organizer,
                "chairs": [p.name for p in x.chairs],
                "speakers": [p.name for p in x.speakers],
                "format": x.format,
            }
            for x in find_conferences(text, it.get("published"))
        ]
        pairs = pair_conferences(gold["conferences"], confs)
        c.add("conf_tp", len(pairs))
        c.add("conf_fp", len(confs) - len(pairs))
        c.add("conf_fn", len(gold["conferences"]) - len(pairs))
        if len(confs) != len(pairs) or len(gold["conferences"]) != len(pairs):
            errors.append(
                {
                    "id": it["id"],
                    "field": "conference_count",
                    "gold": len(gold["conferences"]),
                    "pred": len(confs),
                }
            )
        for g, p in pairs:
            if g["date"] is not None:
                c.add("date_n")
                c.add("date_ok", g["date"] == p["date"])
            for k in ("organizer", "format"):
                c.add(f"{k}_n")
                c.add(f"{k}_ok", g[k] == p[k])
            c.add("chairs_n")
            c.add("chairs_ok", set(g["chairs"]) == set(p["chairs"]))
            gs, ps = set(g["speakers"]), set(p["speakers"])
            c.add("spk_tp", len(gs & ps))
            c.add("spk_fp", len(ps - gs))
            c.add("spk_fn", len(gs - ps))
            c.add("name_sim", _sim(g["name"], p["name"]))
            for k in ("date", "organizer", "format"):
                if g[k] != p[k] and not (k == "date" and g[k] is None):
                    errors.append({"id": it["id"], "field": k, "gold": g[k], "pred": p[k]})
            for k in ("chairs", "speakers"):
                if set(g[k]) != set(p[k]):
                    errors.append({"id": it["id"], "field": k, "gold": g[k], "pred": p[k]})
    k = c.c
    metrics = {
        "articles": len(items),
        "directive_symbols": _prf(k["sym_tp"], k["sym_fp"], k["sym_fn"]),
        "doc_type": _acc(k["dt_ok"], k["dt_n"]),
        "issue_date": _acc(k["id_ok"], k["id_n"]),
        "conferences": _prf(k["conf_tp"], k["conf_fp"], k["conf_fn"]),
        "conf_date": _acc(k["date_ok"], k["date_n"]),
        "conf_organizer": _acc(k["organizer_ok"], k["organizer_n"]),
        "conf_chairs": _acc(k["chairs_ok"], k["chairs_n"]),
        "conf_speakers": _prf(k["spk_tp"], k["spk_fp"], k["spk_fn"]),
        "conf_format": _acc(k["format_ok"], k["format_n"]),
        "conf_name_similarity": round(k["name_sim"] / k["conf_tp"], 4) if k["conf_tp"] else None,
    }
    return metrics, errors


def speed(items: list[dict[str, Any]], target_chars: int = 5000, rounds: int = 200) -> float:
    """Mean µs for the full entity pass over a ~5 KB text."""
    from pipelines.entities import extract_entities

    blob = "\n\n".join(it["text"] for it in items)
    texts = [blob[i : i + target_chars] for i in range(0, len(blob) - target_chars, target_chars)][
        :20
    ]
    for t in texts:
        extract_entities(t)
    t0 = time.perf_counter()
    for _ in range(rounds // len(texts) + 1):
        for t in texts:
            extract_entities(t)
    n = (rounds // len(texts) + 1) * len(texts)
    return (time.perf_counter() - t0) / n * 1e6


def _row(name: str, m: dict[str, Any]) -> list[str]:
    def f(x: dict[str, Any], key: str) -> str:
        v = x.get(key)
        return "-" if v is None else f"{v:.3f}"

    return [
        name,
        str(m["articles"]),
        f(m["directive_symbols"], "f1"),
        f(m["doc_type"], "acc"),
        f(m["issue_date"], "acc"),
        f(m["conferences"], "f1"),
        f(m["conf_date"], "acc"),
        f(m["conf_organizer"], "acc"),
        f(m["conf_chairs"], "acc"),
        f(m["conf_speakers"], "f1"),
        f(m["conf_format"], "acc"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    ap.add_argument(
        "--demo-articles", type=int, default=DEMO_ARTICLES, help="demo corpus size (0: skip)"
    )
    args = ap.parse_args()
    items = load(args.demo_articles)
    result: dict[str, Any] = {"by_source": {}}
    for src in SOURCE_NAMES:
        subset = [i for i in items if i["source"] == src]
        if subset:
            result["by_source"][src], _ = evaluate(subset)
    result["all"], errors = evaluate(items)
    result["errors"] = errors
    result["us_per_5kb_text"] = round(speed(items), 1)
    header = [
        "set",
        "n",
        "sym F1",
        "doctype",
        "issued",
        "conf F1",
        "date",
        "organizer",
        "chairs",
        "spk F1",
        "format",
    ]
    rows = [_row(s, m) for s, m in result["by_source"].items()] + [_row("ALL", result["all"])]
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="Entity extraction quality")
        for h in header:
            table.add_column(h)
        for r in rows:
            table.add_row(*r)
        Console(width=160).print(table)
    except ImportError:  # plain fallback keeps the script usable without rich
        print(" | ".join(header))
        for r in rows:
            print(" | ".join(r))
    print(f"speed: {result['us_per_5kb_text']} µs per 5 KB text (extract_entities)")
    if args.errors:
        for e in errors:
            print(json.dumps(e, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

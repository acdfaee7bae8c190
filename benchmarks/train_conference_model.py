"""Train the conference-linkage model and store it as pipelines/resolution/conference_model.py.

The model is a Splink (Fellegi–Sunter) settings dictionary with fixed m/u probabilities, so
prediction needs no training at run time and a pair's score depends on that pair alone.

    uv run python benchmarks/train_conference_model.py            # train on the development data
    uv run python benchmarks/train_conference_model.py --priors   # write the hand-set priors only
    uv run --with vl-convert-python python benchmarks/train_conference_model.py --docs \
        --chart docs/resolution_match_weights.html   # + the docs table and chart (HTML, PNG)

Training data (development only; never benchmarks/linkage/heldout.jsonl):
- benchmarks/linkage/dev.jsonl when present: one line per report with `group` (the real event)
  and the extracted mention fields (see `_dev_mentions`);
- the demo corpus's ground truth (`vnarchive.demo_sites`) when it carries `event_id`s.

Estimation: m from the labelled matching pairs (Splink's `estimate_m_from_pairwise_labels`),
u from the labelled *non*-matching pairs that pass blocking (counted per comparison level, with
add-one smoothing): the non-matches that matter are those blocking lets through, not random pairs.
The prior (probability two candidate records match) is the matching share of candidate pairs.
"""

from __future__ import annotations

import argparse
import json
import pprint
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.resolution import conferences as C  # noqa: E402
from pipelines.resolution.records import ConferenceMentionRecord  # noqa: E402

MODEL_PATH = ROOT / "pipelines" / "resolution" / "conference_model.py"
DEV_PATH = ROOT / "benchmarks" / "linkage" / "dev.jsonl"


def _level(sql: str, label: str, m: float, u: float, *, null: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        d["is_null_level"] = True
    else:
        d["m_probability"] = m
        d["u_probability"] = u
    return d


def _gap_sql() -> str:
    """Days between the two event windows (0 when they overlap)."""
    return (
        "greatest(date_diff('day', win_end_l, win_start_r), "
        "date_diff('day', win_end_r, win_start_l), 0)"
    )


def comparisons() -> list[dict[str, Any]]:
    """The comparisons, their levels and the hand-set prior m/u of each level."""
    gap = _gap_sql()
    wide = "('national', 'bridge')"
    return [
        {
            "output_column_name": "name",
            "comparison_description": "conference name (conference_name_key), rapidfuzz token set",
            "comparison_levels": [
                _level("name_key_l IS NULL OR name_key_r IS NULL", "name missing", 0, 0, null=True),
                _level("name_key_l = name_key_r", "same name key", 0.30, 0.003),
                _level(
                    "conf_name_sim(name_key_l, name_key_r) >= 0.9", "similarity ≥ 0.9", 0.32, 0.03
                ),
                _level(
                    "conf_name_sim(name_key_l, name_key_r) >= 0.75", "similarity ≥ 0.75", 0.2, 0.1
                ),
                _level(
                    "conf_name_sim(name_key_l, name_key_r) >= 0.55", "similarity ≥ 0.55", 0.12, 0.25
                ),
                _level("ELSE", "dissimilar names", 0.06, 0.617),
            ],
        },
        {
            "output_column_name": "period",
            "comparison_description": "period of a recurring series (tháng 9/2023, quý IV/2022)",
            "comparison_levels": [
                _level("period_l IS NULL OR period_r IS NULL", "period missing", 0, 0, null=True),
                _level("period_l = period_r", "same period", 0.95, 0.55),
                _level(
                    "(period_start_l <= period_start_r AND period_end_r <= period_end_l) OR "
                    "(period_start_r <= period_start_l AND period_end_l <= period_end_r)",
                    "nested periods (a year holds its months)",
                    0.045,
                    0.05,
                ),
                _level("ELSE", "different periods", 0.005, 0.4),
            ],
        },
        {
            "output_column_name": "day",
            "comparison_description": "event days: explicit dates, else publication dates",
            "comparison_levels": [
                # never true: every compared mention has a day (undated ones are not compared)
                _level("day_start_l IS NULL OR day_start_r IS NULL", "no day", 0, 0, null=True),
                _level(
                    "dated_l AND dated_r AND day_start_l <= day_end_r AND day_start_r <= day_end_l",
                    "same explicit day",
                    0.55,
                    0.12,
                ),
                _level("dated_l AND dated_r", "different explicit days", 0.02, 0.35),
                _level(f"{gap} = 0", "windows overlap", 0.35, 0.2),
                _level(f"{gap} <= 2", "windows within 2 days", 0.06, 0.13),
                _level("ELSE", "windows further apart", 0.02, 0.2),
            ],
        },
        {
            "output_column_name": "directives",
            "comparison_description": "directives the conference disseminated (name or agenda)",
            "comparison_levels": [
                _level(
                    "directives_l IS NULL OR directives_r IS NULL",
                    "either names none",
                    0,
                    0,
                    null=True,
                ),
                _level(
                    "len(list_intersect(directives_l, directives_r)) >= 1",
                    "share a directive",
                    0.9,
                    0.05,
                ),
                _level("ELSE", "disjoint directives", 0.1, 0.95),
            ],
        },
        {
            "output_column_name": "people",
            "comparison_description": "chairs and speakers named (person name keys)",
            "comparison_levels": [
                _level(
                    "people_l IS NULL OR people_r IS NULL", "either names none", 0, 0, null=True
                ),
                _level(
                    "len(list_intersect(people_l, people_r)) >= 2", "share two people", 0.3, 0.005
                ),
                _level(
                    "len(list_intersect(people_l, people_r)) >= 1", "share a person", 0.45, 0.04
                ),
                _level("ELSE", "no one in common", 0.25, 0.955),
            ],
        },
        {
            "output_column_name": "organizer",
            "comparison_description": "organiser (missing = compatible; central bodies together)",
            "comparison_levels": [
                # A bridge point's report often names the local body that ran that point
                # ("Tỉnh ủy tổ chức hội nghị trực tuyến"): a mismatch there says nothing.
                _level(
                    "organizer_l IS NULL OR organizer_r IS NULL OR ((scope_l IN ('bridge', "
                    "'online') OR scope_r IN ('bridge', 'online')) AND NOT "
                    "conf_org_compatible(organizer_l, organizer_r))",
                    "organiser missing, or a bridge point's own",
                    0,
                    0,
                    null=True,
                ),
                _level("organizer_key_l = organizer_key_r", "same organiser", 0.4, 0.05),
                _level(
                    "conf_org_compatible(organizer_l, organizer_r)",
                    "compatible organisers",
                    0.45,
                    0.25,
                ),
                _level("ELSE", "incompatible organisers", 0.15, 0.7),
            ],
        },
        {
            "output_column_name": "scope",
            "comparison_description": "scope (national, bridge point, online, local), province",
            "comparison_levels": [
                _level("scope_l IS NULL OR scope_r IS NULL", "no scope", 0, 0, null=True),
                _level(
                    f"scope_l IN {wide} AND scope_r IN {wide}",
                    "both national or bridge point",
                    0.55,
                    0.08,
                ),
                _level(
                    f"(scope_l IN {wide} AND scope_r = 'online') OR "
                    f"(scope_r IN {wide} AND scope_l = 'online')",
                    "national vs an online report (an unstated bridge point)",
                    0.2,
                    0.07,
                ),
                _level(
                    f"scope_l IN {wide} OR scope_r IN {wide}",
                    "national vs local (a province's own follow-up is common)",
                    0.05,
                    0.15,
                ),
                _level(
                    "province_l IS NULL OR province_r IS NULL OR province_l = province_r",
                    "local, same province (or a national site)",
                    0.155,
                    0.35,
                ),
                _level(
                    "scope_l = 'online' AND scope_r = 'online'",
                    "online reports of two provinces",
                    0.04,
                    0.1,
                ),
                _level("ELSE", "local, different provinces", 0.005, 0.25),
            ],
        },
        {
            "output_column_name": "source",
            "comparison_description": "reporting site",
            "comparison_levels": [
                _level(
                    "source_id_l IS NULL OR source_id_r IS NULL", "site missing", 0, 0, null=True
                ),
                _level("source_id_l = source_id_r", "same site", 0.15, 0.3),
                _level("ELSE", "different sites", 0.85, 0.7),
            ],
        },
    ]


def base_settings(prior: float = 0.01) -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "blocking_rules_to_generate_predictions": [C.BLOCKING_RULE_SQL],
        "comparisons": comparisons(),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
        "sql_dialect": "duckdb",
    }


def write_model(settings: dict[str, Any], note: str) -> None:
    body = pprint.pformat(settings, width=100, sort_dicts=False)
    MODEL_PATH.write_text(
        '"""The stored conference-linkage model (Splink settings with fixed m/u).\n\n'
        "Generated by benchmarks/train_conference_model.py; do not edit by hand.\n"
        f'{note}\n"""\n\n'
        "from typing import Any\n\n"
        f"MODEL: dict[str, Any] = {body}\n",
        encoding="utf-8",
    )


# -- development data ---------------------------------------------------------------------------


def _d(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


def _dev_mentions(path: Path) -> list[tuple[ConferenceMentionRecord, str]]:
    """(mention, group) pairs from benchmarks/linkage/dev.jsonl."""
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        r = json.loads(line)
        m = ConferenceMentionRecord(
            mention_id=r.get("mention_id") or f"dev{i:05d}",
            article_id=r.get("article_id") or r.get("url") or f"dev{i:05d}",
            source_id=r.get("source_id") or r.get("domain"),
            source_province=r.get("source_province"),
            published_on=_d(r.get("published_on")),
            name=r.get("name"),
            kind=r.get("kind"),
            period=r.get("period"),
            held_on=_d(r.get("held_on")),
            held_until=_d(r.get("held_until")),
            organizer=r.get("organizer"),
            format=r.get("format"),
            location=r.get("location"),
            bridge_point=r.get("bridge_point"),
            nationwide=bool(r.get("nationwide")),
            status=r.get("status") or "held",
            directives=tuple(r.get("directives") or ()),
        )
        out.append((m, str(r["group"])))
    return out


def _gammas(
    settings: dict[str, Any], mentions: Sequence[ConferenceMentionRecord]
) -> list[tuple[str, str, tuple[int, ...]]]:
    """Comparison vectors of every candidate pair (blocking as at prediction)."""
    import duckdb
    from splink import DuckDBAPI, Linker

    rows = [r for m in mentions if (r := C._row(m, True)) is not None]
    con = duckdb.connect()
    C.register_functions(con)
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register(C.splink_table(rows), table_name="conference_mentions")
    s = dict(settings, retain_intermediate_calculation_columns=True)
    linker = Linker(sdf, s, log_level=None, validate_settings=False)
    pred = linker.inference.predict(warning_mode="never")
    names = [c["output_column_name"] for c in settings["comparisons"]]
    cols = ", ".join(f"gamma_{n}" for n in names)
    rel = con.sql(f"SELECT unique_id_l, unique_id_r, {cols} FROM {pred.physical_name}")
    return [(a, b, tuple(g)) for a, b, *g in rel.fetchall()]


def train(
    labelled: Sequence[tuple[ConferenceMentionRecord, str]],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """m/u per level counted on labelled candidate pairs (add-one smoothing); the prior."""
    settings = base_settings()
    group = {m.mention_id: g for m, g in labelled}
    pairs = _gammas(settings, [m for m, _ in labelled])
    matches = [g for a, b, g in pairs if group[a] == group[b]]
    non = [g for a, b, g in pairs if group[a] != group[b]]
    for ci, comp in enumerate(settings["comparisons"]):
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        # Splink's gamma: levels counted from the last (0 = ELSE) upwards, null = -1
        n = len(levels)
        mc = Counter(g[ci] for g in matches if g[ci] >= 0)
        uc = Counter(g[ci] for g in non if g[ci] >= 0)
        for k, lv in enumerate(levels):
            gamma = n - 1 - k
            lv["m_probability"] = (mc[gamma] + 1) / (sum(mc.values()) + n)
            lv["u_probability"] = (uc[gamma] + 1) / (sum(uc.values()) + n)
    settings["probability_two_random_records_match"] = (len(matches) + 1) / (len(pairs) + 2)
    stats = {"pairs": len(pairs), "matching_pairs": len(matches), "mentions": len(labelled)}
    return settings, stats


def chart(out: Path) -> None:
    """Splink's match-weight chart of the stored model, as a standalone HTML page."""
    import importlib

    import duckdb
    from splink import DuckDBAPI, Linker

    import pipelines.resolution.conference_model as cm

    importlib.reload(cm)  # the model this run may just have written
    con = duckdb.connect()
    C.register_functions(con)
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register(C.splink_table([]), table_name="conference_mentions")
    linker = Linker(sdf, cm.MODEL, log_level=None, validate_settings=False)
    ch = linker.visualisations.match_weights_chart()
    # Vega libraries from their CDN (a small file); the PNG is the offline view.
    out.write_text(ch.to_html(inline=False), encoding="utf-8")
    print(f"chart: {out}")
    try:
        import vl_convert  # optional: uv run --with vl-convert-python …
    except ImportError:
        print("no PNG: run with `uv run --with vl-convert-python` to write one")
        return
    png = out.with_suffix(".png")
    png.write_bytes(vl_convert.vegalite_to_png(ch.chart_dict, scale=1))
    print(f"chart: {png}")


DOCS_PATH = ROOT / "docs" / "resolution.md"
_TABLE_OPEN = (
    "<!-- model-table: generated by benchmarks/train_conference_model.py --docs; do not edit -->"
)
_TABLE_CLOSE = "<!-- /model-table -->"


def write_docs_table() -> None:
    """Put the stored model's table between the markers of docs/resolution.md."""
    import importlib

    import pipelines.resolution.conference_model as cm

    importlib.reload(cm)
    text = DOCS_PATH.read_text(encoding="utf-8")
    head, rest = text.split(_TABLE_OPEN, 1)
    _, tail = rest.split(_TABLE_CLOSE, 1)
    table = C.model_table(cm.MODEL)
    DOCS_PATH.write_text(f"{head}{_TABLE_OPEN}\n{table}{_TABLE_CLOSE}{tail}", encoding="utf-8")
    print(f"docs: {DOCS_PATH.relative_to(ROOT)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--priors", action="store_true", help="write the hand-set priors")
    ap.add_argument("--chart", type=Path, help="write the match-weight chart (HTML) here")
    ap.add_argument("--docs", action="store_true", help="update the table in docs/resolution.md")
    args = ap.parse_args()
    if args.priors:
        write_model(base_settings(), "Hand-set priors (no development data used).")
    else:
        labelled = _dev_mentions(DEV_PATH) if DEV_PATH.exists() else []
        if not labelled:
            sys.exit(f"no development data at {DEV_PATH}; use --priors")
        settings, stats = train(labelled)
        write_model(settings, f"Trained on {DEV_PATH.relative_to(ROOT)}: {stats}.")
        print(json.dumps(stats))
    if args.docs:
        write_docs_table()
    if args.chart:
        chart(args.chart)


if __name__ == "__main__":
    main()

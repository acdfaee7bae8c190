"""Directive identity on the demo corpus at any size (issue 11): every citation of each story's
earliest copy extracted and resolved in memory, as tests/test_resolution_end_to_end.py does at
300 articles, and compared with the generator's truth (GTDirective.document_id, determinable).

Reports wrong links (a resolved document holding two truth documents), splits (one truth
document over several resolved ones), citations resolved though the truth says the text cannot
determine them, and determinable ones left unresolved. The goal is zero of each.

Usage: uv run python benchmarks/demo_directive_partition.py [--articles 3000] [--seed 2021]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from pipelines.entities import extract_entities
from pipelines.resolution.directives import resolve_directives
from pipelines.resolution.mentions import mentions_of
from pipelines.text import normalize_text
from vnarchive.demo_sites.corpus import generate_corpus, site_province


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2021)
    args = ap.parse_args()
    t0 = time.perf_counter()
    corpus = generate_corpus(args.articles, seed=args.seed)
    records, truth, miscounted = [], {}, 0
    for story_id, copies in corpus.stories().items():
        art = copies[0]
        published = art.published_at.date()
        found = mentions_of(
            story_id,
            extract_entities(normalize_text(art.body_text), published),
            published_on=published,
            source_id=art.site,
            source_province=site_province(art.site),
        ).directives
        cited = defaultdict(list)
        for d in art.directives:
            cited[d.symbol].append(d)
        got = defaultdict(list)
        for m in found:
            got[m.symbol].append(m)
        records += found
        for symbol in set(cited) | set(got):
            if len(cited[symbol]) != len(got[symbol]):
                miscounted += 1
                continue
            for m, d in zip(got[symbol], cited[symbol], strict=True):
                truth[m.mention_id] = d.document_id if d.determinable else None
    links = {x.mention_id: x.directive_id for x in resolve_directives(records)[0]}
    docs_of, ids_of = defaultdict(set), defaultdict(set)
    resolved_undeterminable = unresolved_determinable = 0
    for mid, label in truth.items():
        got_id = links[mid]
        if label is None:
            resolved_undeterminable += got_id is not None
        elif got_id is None:
            unresolved_determinable += 1
        else:
            docs_of[got_id].add(label)
            ids_of[label].add(got_id)
    print(f"articles {args.articles} seed {args.seed}: {len(truth)} citations compared")
    print(f"  citations miscounted by extraction   {miscounted}")
    print(
        f"  undeterminable / left unresolved     {sum(v is None for v in truth.values())} / "
        f"{sum(links[m] is None for m in truth)}"
    )
    print(f"  wrong links (ids holding 2+ docs)    {sum(len(v) > 1 for v in docs_of.values())}")
    print(f"  split documents                      {sum(len(v) > 1 for v in ids_of.values())}")
    print(f"  resolved though undeterminable       {resolved_undeterminable}")
    print(f"  unresolved though determinable       {unresolved_determinable}")
    print(f"  time                                 {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()

"""Local copies of real-looking Vietnamese government sites, with ground truth, for the pipeline.

from vnarchive.demo_sites import DemoSites
with DemoSites(n_articles=40) as sites:
    urls = sites.article_urls(); gt = sites.ground_truth(urls[0])
"""

from .corpus import (
    DemoArticle,
    DemoCorpus,
    GTConference,
    GTDirective,
    GTPerson,
    generate_corpus,
)
from .server import DemoSites, serve_forever
from .sites import SITES, DemoSite, demo_sources

__all__ = [
    "SITES",
    "DemoArticle",
    "DemoCorpus",
    "DemoSite",
    "DemoSites",
    "GTConference",
    "GTDirective",
    "GTPerson",
    "demo_sources",
    "generate_corpus",
    "serve_forever",
]

"""Sites and site families: what we archive, declared in one pure package.

- :mod:`sites.source`: :class:`Source` (one site) and :func:`source_for` (which source a URL
  belongs to), used by the crawler, the flows and the CLI alike.
- :mod:`sites.registry` + ``sources.toml``: the registry of real sites.
- :mod:`sites.families`: one module per CMS family (detection markers, boilerplate rules,
  listing parser).
- :mod:`sites.hosts`: site keys and the crawl scope they give.

Pure declarations: this package imports only itself and ``pipelines`` (whose mechanisms take the
families' rules as arguments).
"""

from sites.source import Source, source_for, source_id_for

__all__ = ["Source", "source_for", "source_id_for"]

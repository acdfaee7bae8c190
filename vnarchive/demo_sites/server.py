"""Serve the demo corpus as three local sites (one ThreadingHTTPServer per site on loopback).

Pages are rendered from jinja2 templates on first request and cached as bytes. Links inside pages
are root-relative, so the sites work on any port; sitemap/RSS/canonical use absolute URLs.
"""

from __future__ import annotations

import hashlib
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from email.utils import format_datetime, formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .corpus import DemoArticle, DemoCorpus, category_key, generate_corpus
from .sites import SITES, DemoSite

__all__ = ["SITES", "DemoSite", "DemoSites", "serve_forever"]

PAGE_SIZE = 10
HTML = "text/html; charset=utf-8"
CONTENT_TYPES = {
    "html": HTML,
    "xml": "application/xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
TEMPLATE_DIR = {"haiphong-pbgdpl": "haiphong", "dukcqtw": "dukcqtw", "moj-portal": "moj"}
ROBOTS_EXTRA = {"moj-portal": ["Disallow: /_layouts/"]}

Response = tuple[int, str, bytes]  # status, content type, body


def summary(article: DemoArticle, limit: int = 200) -> str:
    """Listing/meta description: the lead paragraph cut at a word boundary."""
    text = article.paragraphs[0] if article.paragraphs else article.title
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        keep_trailing_newline=True,
    )
    env.filters["summary"] = summary
    return env


class SiteApp:
    """Routing and rendering for one site; pure (no sockets), so it is easy to test."""

    def __init__(self, info: DemoSite, articles: list[DemoArticle], env: Environment) -> None:
        self.info = info
        self.env = env
        self.base_url = ""  # set once the server is bound
        self.newest = sorted(articles, key=lambda a: (a.published_at, a.path), reverse=True)
        self.by_id = {a.article_id: a for a in articles}
        self.by_cat: dict[str, list[DemoArticle]] = {c.key: [] for c in info.categories}
        for a in self.newest:
            self.by_cat[category_key(info.name, a.category)].append(a)
        self._cache: dict[str, Response] = {}
        self._tpl = TEMPLATE_DIR[info.name]

    # ---- URL shapes

    def category_url(self, key: str, page: int = 1) -> str:
        site = self.info.name
        if site == "haiphong-pbgdpl":
            base = f"/chuyen-muc/{key}"
            return base if page == 1 else f"{base}?page={page}"
        if site == "dukcqtw":
            base = f"/tin-tuc-su-kien-ctm{key}.aspx"
            return base if page == 1 else f"{base}?page={page}"
        return f"/Pages/danh-sach.aspx?cat={key}&page={page}"

    def resolve_article(self, raw_path: str) -> DemoArticle | None:
        """Article served at `raw_path` (path + query), tolerant of slug/extra params like a CMS."""
        parts = urlsplit(raw_path)
        site, path = self.info.name, parts.path
        m = None
        if site == "haiphong-pbgdpl":
            m = re.fullmatch(r"/tin-tuc/(?:[a-z0-9-]*-)?(\d+)\.html", path)
        elif site == "dukcqtw":
            m = re.fullmatch(r"/[a-z0-9-]*-tbo(\d+)\.aspx", path)
        elif path == "/Pages/tin-tuc.aspx":
            ids = parse_qs(parts.query).get("ItemID", [])
            if ids and ids[0].isdigit():
                return self.by_id.get(int(ids[0]))
        return self.by_id.get(int(m.group(1))) if m else None

    # ---- dispatch

    def handle(self, raw_path: str) -> Response:
        cached = self._cache.get(raw_path)
        if cached is not None:
            return cached
        resp = self._route(raw_path)
        if resp[0] == 200 and len(self._cache) < 200_000:  # bound memory against odd queries
            self._cache[raw_path] = resp
        return resp

    def _route(self, raw_path: str) -> Response:
        parts = urlsplit(raw_path)
        path, query = parts.path, parse_qs(parts.query)
        site = self.info.name
        if path.startswith(("/admin/", "/_layouts/")) or path == "/admin":
            return self._simple(403, "Truy cập bị từ chối", "Bạn không có quyền truy cập.")
        if path.startswith("/tim-kiem"):
            return self._simple(200, "Kết quả tìm kiếm", "Không tìm thấy kết quả phù hợp.")
        if path == "/robots.txt":
            return self._robots()
        if path in ("/", "/Pages/Home.aspx", "/Default.aspx"):
            return self._home()
        if path == "/sitemap.xml" and self.info.has_sitemap:
            return self._sitemap()
        if path == "/rss.xml" and self.info.has_rss:
            return self._rss()
        if path == "/lien-he":
            return self._simple(200, "Liên hệ", self.info.organisation)
        article = self.resolve_article(raw_path)
        if article is not None:
            return self._article(article)
        page_s = (query.get("page") or ["1"])[0]
        if not page_s.isdigit():
            return self._not_found()
        page = int(page_s)
        key = None
        listing_re = {
            "haiphong-pbgdpl": r"/chuyen-muc/([a-z0-9-]+)",
            "dukcqtw": r"/tin-tuc-su-kien-ctm(\d+)\.aspx",
        }.get(site)
        if listing_re and (m := re.fullmatch(listing_re, path)):
            key = m.group(1)
        elif site == "moj-portal" and path == "/Pages/danh-sach.aspx":
            key = (query.get("cat") or [""])[0]
        if key in self.by_cat:
            return self._listing(key, page)
        return self._not_found()

    # ---- renderers

    def _render(self, name: str, status: int = 200, **ctx: Any) -> Response:
        tpl = self.env.get_template(f"{self._tpl}/{name}.html")
        common = {
            "site": self.info,
            "categories": [
                {"name": c.name, "url": self.category_url(c.key)} for c in self.info.categories
            ],
            "newest": self.newest[:8],
            "popular": self.newest[8:14],
            "today": "",
            "form_action": "./",
            "page_title": self.info.title,
        }
        common.update(ctx)
        return status, HTML, tpl.render(**common).encode("utf-8")

    def _simple(self, status: int, heading: str, message: str) -> Response:
        return self._render(
            "simple",
            status,
            heading=heading,
            message=message,
            page_title=f"{heading} - {self.info.title}",
        )

    def _not_found(self) -> Response:
        return self._simple(404, "Không tìm thấy trang", "Trang bạn yêu cầu không tồn tại.")

    def _home(self) -> Response:
        boxes = [
            {"name": c.name, "url": self.category_url(c.key), "articles": self.by_cat[c.key][:4]}
            for c in self.info.categories
        ]
        return self._render("home", latest=self.newest[:10], boxes=boxes)

    def _listing(self, key: str, page: int) -> Response:
        items = self.by_cat[key]
        n_pages = max(1, -(-len(items) // PAGE_SIZE))
        if not 1 <= page <= n_pages:
            return self._not_found()
        category = next(c for c in self.info.categories if c.key == key)
        pager: list[dict[str, Any]] = []
        if page > 1:
            pager.append({"label": "Trang đầu", "url": self.category_url(key, 1)})
            pager.append({"label": "Trang trước", "url": self.category_url(key, page - 1)})
        for p in range(max(1, page - 3), min(n_pages, page + 3) + 1):
            pager.append({"label": str(p), "url": self.category_url(key, p), "current": p == page})
        if page < n_pages:
            pager.append({"label": "Trang sau", "url": self.category_url(key, page + 1)})
            pager.append({"label": "Trang cuối", "url": self.category_url(key, n_pages)})
        return self._render(
            "listing",
            category=category,
            pager=pager,
            items=items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            page_title=f"{category.name} - Trang {page} - {self.info.title}",
            form_action=self.category_url(key, page),
        )

    def _article(self, a: DemoArticle) -> Response:
        rng = random.Random(f"{self.info.name}:{a.article_id}")  # stable chrome per page
        key = category_key(self.info.name, a.category)
        same_cat = [x for x in self.by_cat[key] if x.path != a.path]
        related = sorted(
            rng.sample(same_cat, min(5, len(same_cat))), key=lambda x: x.published_at, reverse=True
        )
        site = self.info.name
        canonical = self.base_url + a.path if site != "moj-portal" else None
        titles = {
            "haiphong-pbgdpl": a.title,
            "dukcqtw": f"{a.title} - Đảng ủy Khối các cơ quan Trung ương",
            "moj-portal": f"Bộ Tư pháp - {a.title}",
        }
        tags = ["tuyên truyền", "phổ biến pháp luật", a.category.lower()][: rng.randint(1, 3)]
        return self._render(
            "article",
            article=a,
            related=related,
            canonical=canonical,
            description=summary(a),
            with_published=self.info.has_published_meta,
            category_url=self.category_url(key),
            page_title=titles[site],
            weekday=WEEKDAYS[a.published_at.weekday()],
            views=rng.randint(120, 9000),
            tags=tags,
            form_action=a.path,
        )

    def _robots(self) -> Response:
        lines = [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /tim-kiem",
            *ROBOTS_EXTRA.get(self.info.name, []),
        ]
        if self.info.has_sitemap:
            lines += ["", f"Sitemap: {self.base_url}/sitemap.xml"]
        return 200, CONTENT_TYPES["txt"], ("\n".join(lines) + "\n").encode("utf-8")

    def _sitemap(self) -> Response:
        urls = [
            {"loc": self.base_url + a.path, "lastmod": a.published_at.isoformat()}
            for a in self.newest
        ]
        body = self.env.get_template("sitemap.xml").render(urls=urls)
        return 200, CONTENT_TYPES["xml"], body.encode("utf-8")

    def _rss(self) -> Response:
        items = [
            {
                "title": a.title,
                "link": self.base_url + a.path,
                "description": summary(a),
                "pub_date": format_datetime(a.published_at),
                "category": a.category,
            }
            for a in self.newest[:50]
        ]
        body = self.env.get_template("rss.xml").render(
            site=self.info, base_url=self.base_url, items=items
        )
        return 200, CONTENT_TYPES["rss"], body.encode("utf-8")


# -- HTTP validators: a strong ETag (hash of the bytes served) and a Last-Modified derived from it,
# so conditional GETs (If-None-Match / If-Modified-Since) of an unchanged page get a 304.
_EPOCH_2020 = 1_577_836_800


def _validators(body: bytes) -> dict[str, str]:
    digest = hashlib.sha1(body).hexdigest()
    # Stable across restarts (same bytes, same date) yet different when the bytes change.
    stamp = _EPOCH_2020 + int(digest[:7], 16) % (4 * 365 * 86400)
    return {"ETag": f'"{digest[:20]}"', "Last-Modified": formatdate(stamp, usegmt=True)}


def _not_modified(headers: Any, validators: dict[str, str]) -> bool:
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110 13.2.2)
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or validators["ETag"] in tags
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(validators["Last-Modified"]) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoSites/1.0"
    app: SiteApp
    on_request: Callable[[str, str, int], None]
    faults: Any = None  # vnarchive.demo_sites.faults.Faults on the fault site (faults=True)

    def _serve(self, with_body: bool) -> None:
        if self.faults is not None and self.faults.serve(self, with_body):
            return
        status, ctype, body = self.app.handle(self.path)
        validators = _validators(body) if status == 200 else {}
        if validators and _not_modified(self.headers, validators):
            status, body = 304, b""
        self.on_request(self.app.info.name, self.path, status)
        self.send_response(status)
        for name, value in validators.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._serve(True)

    def do_HEAD(self) -> None:
        self._serve(False)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests and crawls are noisy
        pass


def free_ports(span: int = len(SITES), host: str = "127.0.0.1") -> int:
    """A port p with p .. p+span-1 free on ``host`` now: a ``base_port`` for DemoSites (it binds
    base_port + i) when the sites must be found at the same URLs again in a later run."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((host, 0))
            base = probe.getsockname()[1]
        if base + span > 65535:
            continue
        held: list[socket.socket] = []
        try:
            for port in range(base, base + span):
                held.append(socket.socket())
                held[-1].bind((host, port))
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
        return base
    raise RuntimeError(f"no {span} consecutive free ports on {host}")


class DemoSites:
    """Run the three demo sites on loopback; use as a context manager."""

    def __init__(
        self,
        corpus: DemoCorpus | None = None,
        n_articles: int = 300,
        host: str = "127.0.0.1",
        base_port: int = 0,
        faults: bool | Any = False,  # True or a faults.FaultConfig: serve /faults/ (tests)
    ) -> None:
        from .faults import FAULT_SITE, Faults

        self.faults = Faults(None if faults is True else faults) if faults else None
        self._fault_site = FAULT_SITE
        self.corpus = corpus if corpus is not None else generate_corpus(n_articles)
        self.host = host
        self.base_port = base_port
        self.base_urls: dict[str, str] = {}
        self.request_log: list[tuple[str, str, int]] = []  # (site, path, status), for assertions
        self._log_lock = threading.Lock()
        env = _make_env()
        self.apps = {s.name: SiteApp(s, self.corpus.by_site(s.name), env) for s in SITES}
        self._servers: list[ThreadingHTTPServer] = []
        self._by_netloc: dict[str, SiteApp] = {}
        self.down_url: str | None = None  # faults: the site answering 503 to everything

    def _record(self, site: str, path: str, status: int) -> None:
        with self._log_lock:
            self.request_log.append((site, path, status))

    def start(self) -> DemoSites:
        if self._servers:
            return self
        for i, info in enumerate(SITES):
            app = self.apps[info.name]
            handler = type(
                f"Handler_{i}",
                (_Handler,),
                {
                    "app": app,
                    "on_request": staticmethod(self._record),
                    "faults": self.faults if info.name == self._fault_site else None,
                },
            )
            port = self.base_port + i if self.base_port else 0
            server = ThreadingHTTPServer((self.host, port), handler)
            server.daemon_threads = True
            app.base_url = f"http://{self.host}:{server.server_address[1]}"
            self.base_urls[info.name] = app.base_url
            self._by_netloc[urlsplit(app.base_url).netloc] = app
            threading.Thread(
                target=server.serve_forever, name=f"demo-{info.name}", daemon=True
            ).start()
            self._servers.append(server)
        if self.faults is not None:
            from .faults import DOWN_SITE, down_site

            port = self.base_port + len(SITES) if self.base_port else 0
            server = down_site(self.host, port, self._record)
            self.down_url = f"http://{self.host}:{server.server_address[1]}"
            threading.Thread(
                target=server.serve_forever, name=f"demo-{DOWN_SITE}", daemon=True
            ).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url_of(self, article: DemoArticle) -> str:
        return self.base_urls[article.site] + article.path

    def article_urls(self) -> list[str]:
        """Every distinct article page URL (absolute), in corpus order."""
        return [self.url_of(a) for a in self.corpus.articles]

    def site_of(self, url: str) -> str | None:
        app = self._by_netloc.get(urlsplit(url).netloc)
        return app.info.name if app else None

    def ground_truth(self, url: str) -> DemoArticle | None:
        parts = urlsplit(url)
        app = self._by_netloc.get(parts.netloc)
        if app is None:
            return None
        return app.resolve_article(parts.path + (f"?{parts.query}" if parts.query else ""))


def serve_forever(n_articles: int = 300, base_port: int = 8601, faults: bool = False) -> None:
    """Run the demo sites until Ctrl-C (backs the `vnarchive demo-sites` CLI command); with
    ``faults``, the fault pages and the down site too (vnarchive/demo_sites/faults.py)."""
    from .faults import DOWN_SITE, DOWN_TITLE, FAULT_SITE, PREFIX

    with DemoSites(n_articles=n_articles, base_port=base_port, faults=faults) as sites:
        for info in SITES:
            extras = [
                x for x, on in (("sitemap.xml", info.has_sitemap), ("rss.xml", info.has_rss)) if on
            ]
            print(
                f"{info.name:16} {sites.base_urls[info.name]}/  {info.title}"
                + (f"  [{', '.join(extras)}]" if extras else "")
            )
        if sites.down_url is not None:
            print(f"{DOWN_SITE:16} {sites.down_url}/  {DOWN_TITLE}  [503 to every request]")
            print(f"fault pages: {sites.base_urls[FAULT_SITE]}{PREFIX}")
        print(f"{len(sites.corpus.articles)} articles. Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass

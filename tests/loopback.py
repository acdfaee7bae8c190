"""A scriptable HTTP server on 127.0.0.1 for crawl tests (scope, traps, redaction).

``LoopbackSite(route)`` serves whatever ``route(request) -> Reply`` returns and keeps every
request it got (path, headers, whether it came through as a proxy request), so a test can assert
what the crawler sent and where it never went.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Seen:
    """One request as the server got it."""

    path: str  # origin-form path?query (a proxy request's absolute URI is split)
    headers: dict[str, str]
    proxied: bool  # arrived in absolute form, i.e. through this server acting as a proxy


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def page(title: str, links: list[str] = ()) -> bytes:  # type: ignore[assignment]
    anchors = "".join(f'<a href="{href}">{href}</a>\n' for href in links)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>Nội dung {title}</p>\n{anchors}</body></html>"
    ).encode()


class LoopbackSite:
    def __init__(self, route: Callable[[Seen], Reply]) -> None:
        self.route = route
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [s.path for s in self.seen]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                proxied = self.path.startswith(("http://", "https://"))
                path = self.path
                if proxied:
                    parts = urlsplit(self.path)
                    path = parts.path + (f"?{parts.query}" if parts.query else "")
                seen = Seen(path, dict(self.headers.items()), proxied)
                with site.lock:
                    site.seen.append(seen)
                reply = site.route(seen)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        return Handler

    def __enter__(self) -> LoopbackSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

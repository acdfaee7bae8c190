"""Headless Chromium for the tests (tests/ is on sys.path): open a local page, report what the
console said and what the page became, take a screenshot. Nothing here reaches the network: the
flags turn off Chromium's own background traffic, and the pages are files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Debian's package; .ci/run installs it when missing.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",  # runs as root in CI containers
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    # Offline for certain: every host name fails to resolve, so a page that fetches anything
    # (a CDN script, a web font) logs a load error on the console instead of quietly working.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
# Chromium's stderr line for a console message of the page: `…:INFO:CONSOLE:12] "text", source: …`
# (older builds: `…:CONSOLE(12)] …`)
# (--enable-logging=stderr --v=0 logs every console call, not only errors).
CONSOLE_LINE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")
TIMEOUT = 120


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Visit:
    dom: str  # the page's DOM after load (--dump-dom)
    console: list[str]  # console messages the page produced
    fetches: list[str]  # network URLs the page asked for (its own requests, not Chromium's)
    stderr: str


def page_fetches(net_log: dict) -> list[str]:
    """URLs of network requests a page made, from a Chromium NetLog. Chromium's own background
    requests (which the flags mostly, not wholly, turn off) have no origin as initiator; a page's
    have its origin ("null" for a file)."""
    found = set()
    for event in net_log.get("events", []):
        params = event.get("params") or {}
        url, initiator = params.get("url"), params.get("initiator")
        if not url or initiator is None or initiator == "not an origin":
            continue
        if url.split(":", 1)[0] in ("http", "https", "ws", "wss"):
            found.add(url)
    return sorted(found)


def _run(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    executable = chromium()
    if executable is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="vnarchive-chromium-") as profile:
        return subprocess.run(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={profile}",
                *extra,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            # a clean home: no user profile, no crash reporter upload
            env={**os.environ, "HOME": profile},
            check=False,
        )


def visit(page: Path) -> Visit:
    """Load `page`: its DOM, every console message it logged, every network URL it asked for."""
    with tempfile.TemporaryDirectory(prefix="vnarchive-netlog-") as logs:
        net_log = Path(logs, "net.json")
        done = _run(
            page, "--enable-logging=stderr", "--v=0", f"--log-net-log={net_log}", "--dump-dom"
        )
        if done.returncode != 0:
            raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
        fetches = page_fetches(json.loads(net_log.read_text(encoding="utf-8")))
    console = [m.group(1) for m in CONSOLE_LINE.finditer(done.stderr)]
    return Visit(dom=done.stdout, console=console, fetches=fetches, stderr=done.stderr)


def screenshot(page: Path, target: Path, width: int = 1000, height: int = 2400) -> Path:
    """A PNG of `page` as a `width`×`height` window shows it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    done = _run(page, f"--window-size={width},{height}", f"--screenshot={target.resolve()}")
    if done.returncode != 0 or not target.is_file():
        raise RuntimeError(f"no screenshot (exit {done.returncode}): {done.stderr[-2000:]}")
    return target

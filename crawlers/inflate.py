"""Bounded inflation of archived bytes: HTTP bodies and WARC gzip members, never past a cap.

The WARC keeps every body as the server sent it, so a small gzip/brotli body that inflates to
gigabytes (which Scrapy refuses during the crawl) is still in the archive. Every reader of a WARC
body goes through here, with the crawler's own DOWNLOAD_MAXSIZE as the cap.

WARC files are sequences of independent gzip members (one per record). A member that does not
inflate (flipped bytes, a CRC mismatch, a write torn by SIGKILL, garbage between members) is
reported as :class:`Damage` and skipped: reading resumes at the next gzip magic that inflates to
a WARC record, so one bad member never hides the rest of the file.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Final

import brotli

from crawlers.settings import DOWNLOAD_MAXSIZE

MAX_BODY_BYTES: Final = DOWNLOAD_MAXSIZE  # one cap: what the crawler refuses, readers refuse
MEMBER_SLACK: Final = 1024 * 1024  # WARC + HTTP headers around a body at the cap
CHUNK: Final = 64 * 1024
STEP: Final = 1024 * 1024  # inflated bytes per call: the output grows in steps up to the cap
GZIP_MAGIC: Final = b"\x1f\x8b\x08"  # ID1 ID2 CM=deflate: the start of every gzip member
WARC_MAGIC: Final = b"WARC/"


class BodyTooLarge(ValueError):
    """A body that is, or inflates to, more than the cap."""


class BodyDecodeError(ValueError):
    """A compressed body whose compressed data is corrupt."""


class MemberDamaged(ValueError):
    """A gzip member that does not inflate to a WARC record."""


def _mb(n: int) -> str:
    return f"{n / 1024**2:g} MB"


def too_large(cap: int) -> str:
    return f"body inflates past {_mb(cap)} cap"


# -- HTTP bodies ----------------------------------------------------------------------------------
def _corrupt(coding: str, done: int, exc: Exception) -> BodyDecodeError:
    return BodyDecodeError(f"corrupt {coding} body ({done} bytes inflated before): {exc}")


def _inflate(data: bytes, cap: int, wbits: int, coding: str) -> bytes:
    out = bytearray()
    decomp = zlib.decompressobj(wbits)
    pending: bytes = data
    while pending:
        try:
            # max_length keeps memory at the cap whatever the compression ratio.
            out += decomp.decompress(pending, min(STEP, cap + 1 - len(out)))
        except zlib.error as exc:
            raise _corrupt(coding, len(out), exc) from exc
        if len(out) > cap:
            raise BodyTooLarge(too_large(cap))
        pending = decomp.unconsumed_tail
        if decomp.eof:
            rest = decomp.unused_data
            if not (wbits > zlib.MAX_WBITS and rest.startswith(b"\x1f\x8b")):
                break  # trailing bytes after the stream are ignored, as by gzip(1)
            decomp, pending = zlib.decompressobj(wbits), rest  # concatenated gzip members
    # A truncated stream keeps what inflated, as Scrapy and browsers do.
    return bytes(out)


def _gunzip(data: bytes, cap: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data  # labelled gzip but sent plain (a common misconfiguration): keep as sent
    return _inflate(data, cap, 16 + zlib.MAX_WBITS, "gzip")


def _deflate(data: bytes, cap: int) -> bytes:
    # "deflate" is zlib-wrapped by the RFC (a 2-byte header, a multiple of 31), raw deflate by
    # some servers; raw data that does not inflate is kept as sent (as warcio does).
    if len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0:
        return _inflate(data, cap, zlib.MAX_WBITS, "deflate")
    try:
        return _inflate(data, cap, -zlib.MAX_WBITS, "deflate")
    except BodyDecodeError:
        return data


def _unbrotli(data: bytes, cap: int) -> bytes:
    decomp = brotli.Decompressor()
    out = bytearray()
    try:
        out += decomp.process(data, output_buffer_limit=STEP)
        while len(out) <= cap and not decomp.can_accept_more_data():
            out += decomp.process(b"", output_buffer_limit=min(STEP, cap + 1 - len(out)))
    except brotli.error as exc:
        raise _corrupt("br", len(out), exc) from exc
    if len(out) > cap:
        raise BodyTooLarge(too_large(cap))
    return bytes(out)


ZSTD_MAGIC: Final = b"\x28\xb5\x2f\xfd"


def _unzstd(data: bytes, cap: int) -> bytes:
    if not data.startswith(ZSTD_MAGIC):
        return data
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python >= 3.14
    except ImportError:
        from backports import zstd  # type: ignore[import-not-found,no-redef]
    decomp = zstd.ZstdDecompressor()
    out = bytearray()
    try:
        out += decomp.decompress(data, max_length=STEP)
        while len(out) <= cap and not decomp.eof and not decomp.needs_input:
            out += decomp.decompress(b"", max_length=min(STEP, cap + 1 - len(out)))
    except zstd.ZstdError as exc:
        raise _corrupt("zstd", len(out), exc) from exc
    if len(out) > cap:
        raise BodyTooLarge(too_large(cap))
    return bytes(out)


_DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _deflate,
    "br": _unbrotli,
    "zstd": _unzstd,
}


def decode_body(raw: bytes, content_encoding: str | None, cap: int = MAX_BODY_BYTES) -> bytes:
    """Undo ``Content-Encoding`` (gzip, deflate, br, zstd; several in order), never past ``cap``.

    Raises :class:`BodyTooLarge` when the body is, or would inflate to, more than ``cap`` bytes,
    and :class:`BodyDecodeError` when compressed data is corrupt. An unknown coding, and bytes
    that plainly are not in the labelled coding (no gzip/zstd magic), stay as stored (as warcio
    does); a stream cut short keeps what inflated (as Scrapy does).
    """
    if len(raw) > cap:
        raise BodyTooLarge(f"body of {len(raw)} bytes is past the {_mb(cap)} cap")
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    body = raw
    for coding in reversed([c for c in codings if c and c != "identity"]):
        decoder = _DECODERS.get(coding)
        if decoder is None:
            return body
        body = decoder(body, cap)
    return body


# -- WARC gzip members ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One gzip member of a WARC file, inflated."""

    offset: int
    length: int  # compressed bytes, trailer included
    data: bytes  # the inflated bytes, at most the reader's ``keep``
    inflated: int  # the member's whole inflated size

    @property
    def clipped(self) -> bool:
        return self.inflated > len(self.data)


@dataclass(frozen=True)
class Damage:
    """A stretch of an archive file that could not be read, and why."""

    file: str
    offset: int
    length: int  # bytes skipped
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.offset}: {self.reason} ({self.length} bytes skipped)"


class _Window:
    """Sequential reads of a file with a reusable buffer, so walking member after member does
    not re-read what the previous member's last chunk already brought in."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.start = 0
        self.buf = b""

    def chunk(self, pos: int) -> memoryview:
        i = pos - self.start
        if not 0 <= i < len(self.buf):
            self.fh.seek(pos)
            self.buf, self.start, i = self.fh.read(CHUNK), pos, 0
        return memoryview(self.buf)[i:]


def _read_member(window: _Window, offset: int, keep: int) -> Member:
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    inflated = 0
    pos = offset
    while not decomp.eof:
        data = window.chunk(pos)
        if not data:
            if pos == offset:
                raise MemberDamaged("no gzip member (end of file)")
            raise MemberDamaged("torn gzip member: the file ends before its trailer")
        pending: bytes | memoryview = data
        while pending and not decomp.eof:
            try:
                piece = decomp.decompress(pending, CHUNK)
            except zlib.error as exc:
                raise MemberDamaged(f"corrupt gzip member: {exc}") from exc
            inflated += len(piece)
            if len(out) < keep:
                out += piece[: keep - len(out)]
            pending = decomp.unconsumed_tail
        pos += len(data) - len(decomp.unused_data)
    if not out.startswith(WARC_MAGIC):
        raise MemberDamaged("gzip member holds no WARC record")
    return Member(offset, pos - offset, bytes(out), inflated)


def read_member(fh: BinaryIO, offset: int, keep: int = MAX_BODY_BYTES + MEMBER_SLACK) -> Member:
    """The gzip member at ``offset``; :class:`MemberDamaged` if it is not a whole WARC member."""
    return _read_member(_Window(fh), offset, keep)


def _find_magic(fh: BinaryIO, start: int) -> int | None:
    pos = start
    while True:
        fh.seek(pos)
        data = fh.read(CHUNK)
        if len(data) < len(GZIP_MAGIC):
            return None
        i = data.find(GZIP_MAGIC)
        if i >= 0:
            return pos + i
        pos += len(data) - (len(GZIP_MAGIC) - 1)  # the magic may straddle two chunks


def iter_members(
    fh: BinaryIO, name: str, damage: list[Damage], keep: int = MAX_BODY_BYTES + MEMBER_SLACK
) -> Iterator[Member]:
    """Every readable gzip member of a WARC file in order; unreadable stretches go to ``damage``.

    After a damaged member the reader resynchronises on the next gzip magic (1f 8b 08) whose
    member inflates, CRC-checked, to a WARC record; everything in between is one damage entry.
    """
    size = os.fstat(fh.fileno()).st_size
    window = _Window(fh)
    pos = 0
    while pos < size:
        try:
            member = _read_member(window, pos, keep)
        except MemberDamaged as exc:
            reason = str(exc)
        else:
            yield member
            pos += member.length
            continue
        # Resynchronise: the first later candidate that is a whole WARC member.
        found: Member | None = None
        candidate = _find_magic(fh, pos + 1)
        while candidate is not None:
            try:
                found = _read_member(window, candidate, keep)
                break
            except MemberDamaged:
                candidate = _find_magic(fh, candidate + 1)
        end = found.offset if found is not None else size
        damage.append(Damage(name, pos, end - pos, reason))
        if found is None:
            return
        yield found
        pos = found.offset + found.length

"""WARC 1.1 writing and reading for the crawler (warcio based).

Files are named ``<prefix>-<run_id>-<seq:05d>.warc.gz`` (the names: crawlers/layout.py); every
record is its own gzip member, so ``(warc_file, offset)`` of a record is enough to read it back
without scanning the file.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawlers.credentials import redact_headers, strip_userinfo
from crawlers.inflate import (
    MAX_BODY_BYTES,
    MEMBER_SLACK,
    BodyDecodeError,
    BodyTooLarge,
    Damage,
    Member,
    MemberDamaged,
    decode_body,
    iter_members,
    read_member,
    too_large,
)
from crawlers.layout import DEFAULT_PREFIX, ArchiveLayout, safe_run_id

logger = logging.getLogger(__name__)

DEFAULT_MAX_FILE_SIZE = 1024**3  # 1 GB, the usual rotation size for WARC files

# Scrapy hands us bodies already de-chunked, so a stored "Transfer-Encoding: chunked" header would
# lie about the payload (and make readers try to de-chunk it). Keep the original under this prefix.
ORIGINAL_HEADER_PREFIX = "X-Archive-Original-"
_HOP_BY_HOP_RENAMED = {"transfer-encoding"}

HeaderPairs = list[tuple[str, str]]

# WARC 1.1 revisit profiles (section 6.7).
PROFILE_IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True)
class Revisit:
    """Write a ``revisit`` record (headers only) instead of a full ``response`` record."""

    profile: str  # PROFILE_IDENTICAL_PAYLOAD or PROFILE_SERVER_NOT_MODIFIED
    refers_to_uri: str
    refers_to_date: str | None  # WARC-Date of the record holding the payload
    payload_digest: str | None  # digest of that payload


@dataclass(frozen=True)
class Capture:
    """Where a response record was written."""

    warc_file: str  # file name only, relative to the archive dir
    offset: int  # byte offset of the record's gzip member
    length: int  # compressed length of the record's gzip member
    payload_digest: str | None
    record_id: str


@dataclass
class RecordMeta:
    """Headers of a stored record, as returned by :func:`read_record` / :func:`iter_responses`."""

    record_type: str
    url: str | None
    warc_date: str | None
    status: int | None
    content_type: str | None
    payload_digest: str | None
    warc_headers: HeaderPairs = field(default_factory=list)
    http_headers: HeaderPairs = field(default_factory=list)
    warc_file: str | None = None
    offset: int | None = None
    length: int | None = None  # compressed length of the record's gzip member
    # Why ``body`` is empty although the record has one (iter_records only; read_record raises):
    # "too large: body inflates past 20 MB cap", a corrupt compressed body, ...
    body_error: str | None = None

    def http_header(self, name: str) -> str | None:
        lname = name.lower()
        return next((v for k, v in self.http_headers if k.lower() == lname), None)


def _decode_header(value: bytes | str) -> str:
    if isinstance(value, str):
        return value
    # HTTP headers are latin-1 on the wire; latin-1 round-trips every byte losslessly.
    return value.decode("latin-1")


def _now_warc_date() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _request_status(
    url: str,
    method: str,
    request_headers: Iterable[tuple[bytes | str, bytes | str]],
    protocol: str | None,
) -> StatusAndHeaders:
    """HTTP request line + headers of a `request` record (Host added when Scrapy left it out).

    Credential headers (Authorization, Proxy-Authorization, Cookie) keep their name with the
    value ``[redacted]``: the archive shows that the request was authenticated, never how.
    """
    host, target = _split_url(url)
    headers = redact_headers([(_decode_header(k), _decode_header(v)) for k, v in request_headers])
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", host))
    return StatusAndHeaders(
        f"{method} {target} {protocol or 'HTTP/1.1'}", headers, is_http_request=True
    )


class WarcArchive:
    """Append-only writer of gzip WARC 1.1 files with size-based rotation.

    Thread-safe (a lock around each write) although Scrapy calls it from the reactor thread only.
    """

    def __init__(
        self,
        archive_dir: ArchiveLayout | Path | str,
        run_id: str,
        prefix: str = DEFAULT_PREFIX,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        software: str | None = None,
        operator: str | None = None,
        extra_info: dict[str, str] | None = None,
    ) -> None:
        self.layout = ArchiveLayout.of(archive_dir)
        self.archive_dir = self.layout.root
        self.archive_dir.mkdir(parents=True, exist_ok=True)
        self.run_id = safe_run_id(run_id)
        self.prefix = prefix
        self.max_file_size = max_file_size
        self.software = software or "vn-legal-archive/0.1 (warcio)"
        self.operator = operator
        self.extra_info = extra_info or {}
        self._lock = threading.Lock()
        self._seq = self._next_free_seq()
        self._fh: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._filename: str | None = None
        self.files: list[str] = []

    # -- file management -------------------------------------------------------------------------
    def _next_free_seq(self) -> int:
        # A rerun with the same run id must never overwrite an earlier file: continue numbering.
        return self.layout.next_warc_seq(self.prefix, self.run_id)

    def _open_new_file(self) -> None:
        self._close_file()
        path = self.layout.warc_file(self.prefix, self.run_id, self._seq)
        name = path.name
        self._seq += 1
        self._fh = open(path, "xb")  # noqa: SIM115 - closed in _close_file
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self._filename = name
        self.files.append(name)
        info = {
            "software": self.software,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            "run-id": self.run_id,
            **({"operator": self.operator} if self.operator else {}),
            **self.extra_info,
        }
        record = self._writer.create_warcinfo_record(name, info)
        self._writer.write_record(record)
        self._fh.flush()

    def _close_file(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            self._fh.close()
        self._fh = None
        self._writer = None

    def _ensure_file(self) -> None:
        # Rotate between fetches, never between a request and its response, so a pair always
        # lives in one file.
        if self._fh is None or self._fh.tell() >= self.max_file_size:
            self._open_new_file()

    def close(self) -> None:
        with self._lock:
            self._close_file()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, record: ArcWarcRecord) -> tuple[int, int]:
        assert self._fh is not None and self._writer is not None
        offset = self._fh.tell()
        self._writer.write_record(record)
        # Flush per record: a killed crawl keeps everything already fetched.
        self._fh.flush()
        return offset, self._fh.tell() - offset

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: Iterable[tuple[bytes | str, bytes | str]],
        request_body: bytes,
        status: int,
        response_headers: Iterable[tuple[bytes | str, bytes | str]],
        response_body: bytes,
        protocol: str = "HTTP/1.1",
        reason: str | None = None,
        ip_address: str | None = None,
        warc_date: str | None = None,
        extra_warc_headers: dict[str, str] | None = None,
        revisit: Revisit | None = None,
    ) -> Capture:
        """Write a ``response`` record then its ``request`` record; return the response's place.

        With ``revisit`` the first record is a payload-less ``revisit`` record pointing at the
        earlier capture that holds the payload (WARC 1.1 section 6.7).
        """
        url = strip_userinfo(url)  # WARC-Target-URI and Host never carry credentials
        date = warc_date or _now_warc_date()
        if reason is None:
            try:
                reason = HTTPStatus(status).phrase
            except ValueError:
                reason = ""
        resp_headers: HeaderPairs = []
        for k, v in response_headers:
            name, value = _decode_header(k), _decode_header(v)
            if name.lower() in _HOP_BY_HOP_RENAMED:
                name = ORIGINAL_HEADER_PREFIX + name
            resp_headers.append((name, value))
        resp_status = StatusAndHeaders(
            f"{status} {reason}".strip(), resp_headers, protocol=protocol or "HTTP/1.1"
        )

        req_status = _request_status(url, method, request_headers, protocol)

        with self._lock:
            self._ensure_file()
            assert self._writer is not None and self._filename is not None
            resp_id = _record_id()
            warc_headers = {"WARC-Date": date, "WARC-Record-ID": resp_id}
            if ip_address:
                warc_headers["WARC-IP-Address"] = ip_address
            warc_headers.update(extra_warc_headers or {})
            if revisit is None:
                resp_rec = self._writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(response_body),
                    length=len(response_body),
                    http_headers=resp_status,
                    warc_headers_dict=warc_headers,
                )
            else:
                warc_headers["WARC-Profile"] = revisit.profile
                warc_headers["WARC-Refers-To-Target-URI"] = revisit.refers_to_uri
                if revisit.refers_to_date:
                    warc_headers["WARC-Refers-To-Date"] = revisit.refers_to_date
                if revisit.payload_digest:
                    warc_headers["WARC-Payload-Digest"] = revisit.payload_digest
                resp_rec = self._writer.create_warc_record(
                    url, "revisit", http_headers=resp_status, warc_headers_dict=warc_headers
                )
            offset, length = self._write(resp_rec)
            req_rec = self._writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(request_body),
                length=len(request_body),
                http_headers=req_status,
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Record-ID": _record_id(),
                    "WARC-Concurrent-To": resp_id,
                },
            )
            self._write(req_rec)
            return Capture(
                warc_file=self._filename,
                offset=offset,
                length=length,
                payload_digest=resp_rec.rec_headers.get_header("WARC-Payload-Digest"),
                record_id=resp_id,
            )

    def write_failure(
        self,
        *,
        url: str,
        method: str,
        request_headers: Iterable[tuple[bytes | str, bytes | str]],
        request_body: bytes,
        error: str,
    ) -> Capture:
        """Record a fetch that produced no response: the ``request`` plus a ``metadata`` record."""
        url = strip_userinfo(url)
        date = _now_warc_date()
        req_status = _request_status(url, method, request_headers, None)
        with self._lock:
            self._ensure_file()
            assert self._writer is not None and self._filename is not None
            req_id = _record_id()
            req_rec = self._writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(request_body),
                length=len(request_body),
                http_headers=req_status,
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": req_id},
            )
            offset, length = self._write(req_rec)
            meta = f"fetch-error: {error}\n".encode()
            meta_rec = self._writer.create_warc_record(
                url,
                "metadata",
                payload=io.BytesIO(meta),
                length=len(meta),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Record-ID": _record_id(),
                    "WARC-Concurrent-To": req_id,
                },
            )
            self._write(meta_rec)
            return Capture(self._filename, offset, length, None, req_id)


def payload_digest(body: bytes) -> str:
    """``sha1:<base32>`` of a payload, as warcio writes WARC-Payload-Digest."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _split_url(url: str) -> tuple[str, str]:
    """Return (host[:port], request-target) for building a request line."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return parts.netloc, target


# -- reading -------------------------------------------------------------------------------------
def _meta_of(record: ArcWarcRecord, warc_file: str | None, offset: int | None) -> RecordMeta:
    http = record.http_headers
    status: int | None = None
    http_pairs: HeaderPairs = []
    content_type: str | None = None
    if http is not None:
        http_pairs = list(http.headers)
        if record.rec_type in ("response", "revisit"):
            try:
                status = int(http.get_statuscode())
            except (TypeError, ValueError):
                status = None
        content_type = http.get_header("Content-Type")
    return RecordMeta(
        record_type=record.rec_type,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        warc_date=record.rec_headers.get_header("WARC-Date"),
        status=status,
        content_type=content_type,
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
        warc_headers=list(record.rec_headers.headers),
        http_headers=http_pairs,
        warc_file=warc_file,
        offset=offset,
    )


def _http_body(raw: bytes, meta: RecordMeta, decode: bool, cap: int) -> bytes:
    """The record's payload: as stored, or (``decode``) de-chunked and content-decoded, capped."""
    if not decode or not meta.http_headers:
        return raw
    if (meta.http_header("Transfer-Encoding") or "").lower() == "chunked":
        # Other crawlers' WARCs may keep chunked bodies (ours renames the header, see above).
        raw = ChunkedDataReader(io.BytesIO(raw)).read()
    return decode_body(raw, meta.http_header("Content-Encoding"), cap)


# A stored payload, or None when it is past the cap (then the int is its size, at least).
Payload = tuple[RecordMeta, bytes | None, int]


def _member_records(member: Member, warc_file: str) -> list[Payload]:
    # Each gzip member holds one record (WARC 1.1 annex D); the member is already inflated.
    # Parsed whole before anything is yielded, so an unparsable record is damage, not a crash.
    out: list[Payload] = []
    for record in ArchiveIterator(io.BytesIO(member.data)):
        meta = _meta_of(record, warc_file, member.offset)
        meta.length = member.length
        raw = record.raw_stream.read()
        out.append((meta, None if member.clipped else raw, member.inflated))
    return out


def read_record(
    archive_dir: Path | str,
    warc_file: str,
    offset: int,
    *,
    decode: bool = True,
    cap: int = MAX_BODY_BYTES,
) -> tuple[RecordMeta, bytes]:
    """Read the record whose gzip member starts at ``offset`` in ``archive_dir/warc_file``.

    Returns ``(meta, body)``; ``body`` is the HTTP payload with Content-Encoding undone
    (``decode=False`` gives the stored bytes, e.g. still gzip-compressed). Raises
    :class:`~crawlers.inflate.BodyTooLarge` for a body past ``cap`` (a decompression bomb),
    :class:`~crawlers.inflate.MemberDamaged` for a corrupt or torn member.
    """
    path = Path(archive_dir) / warc_file
    with open(path, "rb") as fh:
        fh.seek(offset)
        if fh.read(2) != b"\x1f\x8b":  # an uncompressed .warc (other tools write them)
            fh.seek(offset)
            payloads = list(_plain_payloads(fh, warc_file, [], cap, first_only=True))
        else:
            try:
                member = read_member(fh, offset, keep=cap + MEMBER_SLACK)
            except MemberDamaged as exc:
                raise MemberDamaged(f"{warc_file}:{offset}: {exc}") from exc
            payloads = _member_records(member, warc_file)
    for meta, raw, size in payloads:
        meta.offset = offset
        if raw is None:
            raise BodyTooLarge(f"record of {size} bytes: {too_large(cap)}")
        return meta, _http_body(raw, meta, decode, cap)
    raise ValueError(f"no WARC record at {path}:{offset}")


def _warc_paths(path: Path) -> list[Path]:
    if path.is_dir():
        return ArchiveLayout(path).warc_files()
    return [path]


def _gz_payloads(fh: BinaryIO, name: str, damage: list[Damage], cap: int) -> Iterator[Payload]:
    for member in iter_members(fh, name, damage, keep=cap + MEMBER_SLACK):
        try:
            records = _member_records(member, name)
        except Exception as exc:  # warcio raises several types for unparsable headers
            damage.append(Damage(name, member.offset, member.length, f"unreadable record: {exc}"))
            continue
        yield from records


def _plain_payloads(
    fh: BinaryIO, name: str, damage: list[Damage], cap: int, first_only: bool = False
) -> Iterator[Payload]:
    # An uncompressed .warc has no member boundaries to resynchronise on: the rest of a file
    # after its first unreadable record is reported as one damage entry.
    it = ArchiveIterator(fh)
    end = 0  # where the next record should start
    try:
        for record in it:
            raw = record.raw_stream.read(cap + MEMBER_SLACK + 1)
            offset = it.get_record_offset()  # after the read: it reads the record to its end
            end = offset + it.get_record_length()
            clipped = len(raw) > cap + MEMBER_SLACK
            yield _meta_of(record, name, offset), None if clipped else raw, len(raw)
            if first_only:
                return
    except Exception as exc:
        if first_only:
            raise
        size = os.fstat(fh.fileno()).st_size
        damage.append(Damage(name, end, size - end, f"unreadable record: {exc}"))


def iter_records(
    path: Path | str,
    *,
    types: tuple[str, ...] | None = None,
    decode: bool = True,
    damage: list[Damage] | None = None,
    cap: int = MAX_BODY_BYTES,
) -> Iterator[tuple[RecordMeta, bytes]]:
    """Iterate ``(meta, body)`` over every record of a WARC file or of all WARCs in a directory.

    Damaged stretches (corrupt or torn gzip members, garbage, unparsable records) are skipped,
    logged and appended to ``damage`` when given; the iteration always goes on. A body that cannot
    be given (past ``cap``, corrupt compression) comes back empty with ``meta.body_error`` set.
    """
    found: list[Damage] = damage if damage is not None else []
    for p in _warc_paths(Path(path)):
        before = len(found)
        try:
            fh = open(p, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            found.append(Damage(p.name, 0, 0, f"unreadable file: {exc}"))
            fh = None
        if fh is not None:
            with fh:
                gz = fh.read(2) == b"\x1f\x8b"
                fh.seek(0)
                payloads = (_gz_payloads if gz else _plain_payloads)(fh, p.name, found, cap)
                for meta, raw, size in payloads:
                    if types and meta.record_type not in types:
                        continue
                    yield meta, _body_or_error(meta, raw, size, decode, cap)
        for entry in found[before:]:
            logger.warning("damaged WARC: %s", entry)


def _body_or_error(meta: RecordMeta, raw: bytes | None, size: int, decode: bool, cap: int) -> bytes:
    try:
        if raw is None:
            raise BodyTooLarge(f"record of {size} bytes: {too_large(cap)}")
        return _http_body(raw, meta, decode, cap)
    except BodyTooLarge as exc:
        meta.body_error = f"too large: {exc}"
    except BodyDecodeError as exc:
        meta.body_error = str(exc)
    logger.warning("%s:%s: %s", meta.warc_file, meta.offset, meta.body_error)
    return b""


def iter_responses(
    path: Path | str, *, decode: bool = True, damage: list[Damage] | None = None
) -> Iterator[tuple[RecordMeta, bytes]]:
    """Iterate ``(meta, body)`` over ``response`` records (file, or every WARC in a directory)."""
    yield from iter_records(path, types=("response",), decode=decode, damage=damage)

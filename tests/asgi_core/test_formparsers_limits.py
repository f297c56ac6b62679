"""HARDENING.md rows for form bodies: each limit answers a fast 400, in linear time and
bounded memory (python-multipart / Starlette CVE-2024-24762, -47874, -53981, 2026-42561,
CVE-2026-54283, CVE-2025-54121)."""

from __future__ import annotations

import tempfile
import threading
import time
import tracemalloc

import pytest

import asgi_core.formparsers as formparsers
from asgi_core.datastructures import Headers
from asgi_core.formparsers import MultiPartException, MultiPartParser
from tests.asgi_core.requests_support import call, encode_multipart, form_app, json_headers

pytestmark = pytest.mark.anyio
MIB = 1024 * 1024


async def check(body, content_type, expected, status=200, **extra):
    got = await call(form_app, body, content_type, **extra)
    assert got == (status, json_headers(expected), expected)


class Endless:
    """An endless async body: ``head`` once, then ``filler`` forever; counts what was pulled."""

    def __init__(self, head: bytes, filler: bytes) -> None:
        self.head, self.filler, self.pulled = head, filler, 0

    async def stream(self):
        yield self.head
        while True:
            self.pulled += 1
            yield self.filler


async def parse_endless(content_type: str, endless: Endless) -> str:
    parser = MultiPartParser(Headers({"content-type": content_type}), endless.stream())
    with pytest.raises(MultiPartException) as info:
        await parser.parse()
    return info.value.message


class TrackedSpool(tempfile.SpooledTemporaryFile):
    """Records the thread of every write made after rollover, and every close."""

    instances: list[TrackedSpool] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.disk_write_threads: list[int] = []
        self.closed_by_us = False
        TrackedSpool.instances.append(self)

    def write(self, s):
        rolled = self._rolled or self.tell() + len(s) > self._max_size
        if rolled:
            self.disk_write_threads.append(threading.get_ident())
        return super().write(s)

    def close(self):
        self.closed_by_us = True
        super().close()


@pytest.fixture
def tracked_spool(monkeypatch):
    TrackedSpool.instances = []
    monkeypatch.setattr(formparsers, "SpooledTemporaryFile", TrackedSpool)
    return TrackedSpool


# --- counts ------------------------------------------------------------------------------


async def test_more_than_1000_files_is_a_400_and_closes_the_opened_ones(tracked_spool):
    parts = [("f", (f"{i}.txt", b"x", None)) for i in range(1001)]
    body, ctype = encode_multipart(parts)
    await check(body, ctype, {"detail": "Too many files. Maximum number of files is 1000."}, 400)
    assert len(tracked_spool.instances) == 1000
    assert all(s.closed_by_us for s in tracked_spool.instances)


async def test_exactly_1000_files_and_1000_fields_pass():
    parts = [("f", ("n", b"x", None))] * 1000 + [("a", "1")] * 1000
    body, ctype = encode_multipart(parts)
    status, _, payload = await call(form_app, body, ctype)
    assert status == 200
    assert len(payload) == 2000
    assert payload[0][1]["content"] == "78"
    assert payload[-1] == ["a", "1"]


async def test_more_than_1000_fields_is_a_400():
    body, ctype = encode_multipart([("a", "1")] * 1001)
    await check(body, ctype, {"detail": "Too many fields. Maximum number of fields is 1000."}, 400)


async def test_limits_are_per_call():
    body, ctype = encode_multipart([("a", "1"), ("f", ("n", b"", None))])
    limits = {"max_files": 0}
    detail = {"detail": "Too many files. Maximum number of files is 0."}
    await check(body, ctype, detail, 400, form_limits=limits)
    limits = {"max_fields": 0}
    detail = {"detail": "Too many fields. Maximum number of fields is 0."}
    await check(body, ctype, detail, 400, form_limits=limits)


# --- sizes -------------------------------------------------------------------------------


async def test_field_over_1_mib_is_a_400_but_a_file_is_not():
    body, ctype = encode_multipart([("a", "x" * (MIB + 1))])
    await check(body, ctype, {"detail": "Part exceeded maximum size of 1024KB."}, 400)
    body, ctype = encode_multipart([("a", "x" * MIB)])
    status, _, payload = await call(form_app, body, ctype)
    assert (status, payload) == (200, [["a", "x" * MIB]])


async def test_big_file_rolls_to_disk_and_disk_writes_leave_the_event_loop(tracked_spool):
    content = bytes(range(256)) * (3 * MIB // 256)
    body, ctype = encode_multipart([("f", ("big.bin", content, "application/octet-stream"))])
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    status, _, payload = await call(form_app, chunks, ctype)
    assert status == 200
    assert payload[0][1]["size"] == len(content)
    assert bytes.fromhex(payload[0][1]["content"]) == content
    (spool,) = tracked_spool.instances
    assert spool._rolled
    assert spool.disk_write_threads
    assert threading.get_ident() not in spool.disk_write_threads


async def test_endless_field_stops_after_the_limit():
    head = b'--BB\r\nContent-Disposition: form-data; name="a"\r\n\r\n'
    endless = Endless(head, b"x" * 65536)
    message = await parse_endless("multipart/form-data; boundary=BB", endless)
    assert message == "Part exceeded maximum size of 1024KB."
    assert endless.pulled == 17


# --- framing attacks ---------------------------------------------------------------------


async def test_endless_part_headers_fail_fast():
    endless = Endless(b"--BB\r\n", b"X-Header: value\r\n" * 4096)
    message = await parse_endless("multipart/form-data; boundary=BB", endless)
    assert message == "Invalid multipart data."
    assert endless.pulled == 1


async def test_endless_single_header_line_fails_fast():
    endless = Endless(b"--BB\r\nX-Header: ", b"v" * 65536)
    message = await parse_endless("multipart/form-data; boundary=BB", endless)
    assert message == "Invalid multipart data."
    assert endless.pulled == 1


async def test_huge_preamble_fails_fast():
    endless = Endless(b"", b"p" * 65536)
    message = await parse_endless("multipart/form-data; boundary=BB", endless)
    assert message == "Invalid multipart data."
    assert endless.pulled == 1


async def test_huge_epilogue_is_drained_in_bounded_memory():
    body, ctype = encode_multipart([("a", "1")], boundary="BB")
    epilogue = b"e" * 65536

    async def stream():
        yield body
        for _ in range(256):  # 16 MiB after the closing boundary
            yield epilogue

    tracemalloc.start()
    try:
        form = await MultiPartParser(Headers({"content-type": ctype}), stream()).parse()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert list(form.multi_items()) == [("a", "1")]
    assert peak < 2 * MIB


async def test_backslash_laden_boundary_is_rejected_fast():
    ctype = 'multipart/form-data; boundary="' + "\\" * 200_000 + '"'
    start = time.perf_counter()
    await check(b"--x--\r\n", ctype, {"detail": "Invalid multipart data."}, 400)
    assert time.perf_counter() - start < 1.0


async def test_short_backslash_boundary_still_works():
    boundary = "\\\\\\"
    body, _ = encode_multipart([("a", "1")], boundary=boundary)
    await check(body, 'multipart/form-data; boundary="\\\\\\\\\\\\"', [["a", "1"]])


@pytest.mark.parametrize("length", [b"-1", b"1e3", b"abc", b" -0", b"\xb2"])
async def test_invalid_request_content_length_is_a_400(length):
    body, ctype = encode_multipart([("a", "1")])
    detail = {"detail": "Invalid Content-Length header."}
    await check(body, ctype, detail, 400, headers=[(b"content-length", length)])
    urlencoded = "application/x-www-form-urlencoded"
    await check(b"a=1", urlencoded, detail, 400, headers=[(b"content-length", length)])


async def test_negative_part_content_length_is_a_400():
    body = (
        b'--BB\r\nContent-Disposition: form-data; name="a"\r\nContent-Length: -5\r\n\r\n'
        b"1\r\n--BB--\r\n"
    )
    await check(body, "multipart/form-data; boundary=BB",
                {"detail": "Invalid Content-Length header."}, 400)


# --- filenames ---------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ["../../x", "/etc/passwd", "..\\..\\x", "a/../../b"])
async def test_client_filename_is_only_a_label(tracked_spool, filename):
    content = b"z" * (MIB + 10)  # large enough to roll over to a real temporary file
    body, ctype = encode_multipart([("f", (filename, content, None))])
    status, _, payload = await call(form_app, body, ctype)
    assert status == 200
    assert payload[0][1]["filename"] == filename
    (spool,) = tracked_spool.instances
    # The temporary file is anonymous: nothing of the client's filename reached the path.
    assert isinstance(spool.name, int)


async def test_windows_full_path_filename_keeps_the_last_component():
    body = (
        b'--BB\r\nContent-Disposition: form-data; name="f"; filename="C:\\\\dir\\\\x.txt"\r\n'
        b"\r\nd\r\n--BB--\r\n"
    )
    status, _, payload = await call(form_app, body, "multipart/form-data; boundary=BB")
    assert (status, payload[0][1]["filename"]) == (200, "x.txt")


# --- urlencoded --------------------------------------------------------------------------


async def test_urlencoded_a_million_ampersands_is_linear():
    start = time.perf_counter()
    await check(b"&" * 1_000_000 + b"a=1", "application/x-www-form-urlencoded", [["a", "1"]])
    assert time.perf_counter() - start < 1.0


async def test_urlencoded_many_small_chunks_of_one_field_is_linear():
    chunks = [b"a="] + [b"x" * 64] * 16000  # ~1 MiB in 16k chunks
    start = time.perf_counter()
    await check(chunks, "application/x-www-form-urlencoded", [["a", "x" * 64 * 16000]])
    assert time.perf_counter() - start < 2.0

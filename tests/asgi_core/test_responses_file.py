"""``FileResponse``: headers, HEAD, 304s, single and multipart ranges, 400/416.

Expected headers and bodies were observed from Starlette 1.10 for the same files and
requests; the 304 answers (which Starlette's FileResponse does not give) follow its
StaticFiles, and RFC 9110.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asgi_core.background import BackgroundTask
from asgi_core.responses import FileResponse
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

CONTENT = b"0123456789abcdefghij"
MTIME = 1700000000
ETAG = b'"774e28ab81fe9645100baa188188d827"'  # md5("1700000000.0-20")
LAST_MODIFIED = b"Tue, 14 Nov 2023 22:13:20 GMT"
TEXT = (b"content-type", b"text/plain; charset=utf-8")
ACCEPT = (b"accept-ranges", b"bytes")
VALIDATORS = [(b"last-modified", LAST_MODIFIED), (b"etag", ETAG)]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "f.txt"
    file.write_bytes(CONTENT)
    os.utime(file, (MTIME, MTIME))
    return file


def get(*headers: tuple[str, str], method: str = "GET") -> dict[str, Any]:
    return http_scope(method, headers=[(k.encode(), v.encode()) for k, v in headers])


async def call(response: Any, scope: dict[str, Any] | None = None) -> tuple[int, list, bytes]:
    return response_parts(await run_http(response, scope or get()))


def whole(length: int = 20) -> list[tuple[bytes, bytes]]:
    return [TEXT, ACCEPT, (b"content-length", str(length).encode()), *VALIDATORS]


async def test_whole_file(path: Path) -> None:
    messages = await run_http(FileResponse(path), get())
    assert messages == [
        {"type": "http.response.start", "status": 200, "headers": whole()},
        {"type": "http.response.body", "body": CONTENT, "more_body": False},
    ]


async def test_head_sends_headers_only(path: Path) -> None:
    assert await call(FileResponse(path), get(method="HEAD")) == (200, whole(), b"")
    assert await call(FileResponse(path, method="HEAD")) == (200, whole(), b"")


@pytest.mark.parametrize(
    ("kwargs", "content_type", "disposition"),
    [
        ({"filename": "ré sumé.txt"}, TEXT[1], b"attachment; filename*=utf-8''r%C3%A9%20sum%C3%A9.txt"),
        ({"filename": 'a b;".txt'}, TEXT[1], b"attachment; filename*=utf-8''a%20b%3B%22.txt"),
        ({"filename": "../x y/ü.txt"}, TEXT[1], b"attachment; filename*=utf-8''../x%20y/%C3%BC.txt"),
        (
            {"filename": "x.json", "content_disposition_type": "inline"},
            b"application/json",
            b'inline; filename="x.json"',
        ),
        ({"filename": "a.png"}, b"image/png", b'attachment; filename="a.png"'),
        ({"filename": "a.unknownext"}, b"application/octet-stream",
         b'attachment; filename="a.unknownext"'),
        ({"filename": "a.png", "media_type": "text/csv"}, b"text/csv; charset=utf-8",
         b'attachment; filename="a.png"'),
    ],
)
async def test_names_and_types(
    path: Path, kwargs: dict[str, Any], content_type: bytes, disposition: bytes
) -> None:
    assert await call(FileResponse(path, **kwargs)) == (
        200,
        [(b"content-type", content_type), ACCEPT, (b"content-disposition", disposition),
         (b"content-length", b"20"), *VALIDATORS],
        CONTENT,
    )


async def test_given_headers_win(path: Path) -> None:
    given_headers = {"etag": "custom", "content-length": "3", "accept-ranges": "none",
                     "content-disposition": "x", "last-modified": "y", "x": "z"}
    response = FileResponse(path, headers=given_headers, filename="z")
    assert await call(response) == (
        200,
        [(b"etag", b"custom"), (b"content-length", b"3"), (b"accept-ranges", b"none"),
         (b"content-disposition", b"x"), (b"last-modified", b"y"), (b"x", b"z"),
         (b"content-type", b"application/octet-stream")],
        CONTENT,
    )


def test_stat_result_sets_headers_at_construction(path: Path) -> None:
    response = FileResponse(path, stat_result=os.stat(path))
    assert response.raw_headers == whole()


async def test_missing_file_and_directory(path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"^File at path .*nope does not exist\.$"):
        await call(FileResponse(path.parent / "nope"))
    with pytest.raises(RuntimeError, match=r"^File at path .* is not a file\.$"):
        await call(FileResponse(path.parent))


def test_control_characters_in_disposition_raise(path: Path) -> None:
    with pytest.raises(ValueError):
        FileResponse(path, filename="a.txt", content_disposition_type="inline\r\nx: y")


async def test_chunks_of_64_kib(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    data = bytes(range(256)) * 600  # 153600 bytes
    big.write_bytes(data)
    messages = await run_http(FileResponse(big), get())
    assert [(len(m["body"]), m["more_body"]) for m in messages[1:]] == [
        (65536, True), (65536, True), (22528, False)]
    assert b"".join(m["body"] for m in messages[1:]) == data
    messages = await run_http(FileResponse(big), get(("range", "bytes=10-70009")))
    assert [(len(m["body"]), m["more_body"]) for m in messages[1:]] == [(65536, True), (4464, False)]
    assert b"".join(m["body"] for m in messages[1:]) == data[10:70010]


async def test_pathsend_extension(path: Path) -> None:
    scope = get()
    scope["extensions"] = {"http.response.pathsend": {}}
    messages = await run_http(FileResponse(path), scope)
    assert messages == [
        {"type": "http.response.start", "status": 200, "headers": whole()},
        {"type": "http.response.pathsend", "path": str(path)},
    ]


async def test_websocket_denial(path: Path) -> None:
    messages = await run_http(FileResponse(path, status_code=403), http_scope(type="websocket"))
    assert [m["type"] for m in messages] == ["websocket.http.response.start",
                                             "websocket.http.response.body"]
    assert (messages[0]["status"], messages[1]["body"]) == (403, CONTENT)


# -- ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "content_range", "body"),
    [
        ("bytes=0-4", b"bytes 0-4/20", b"01234"),
        ("bytes=5-", b"bytes 5-19/20", b"56789abcdefghij"),
        ("bytes=-3", b"bytes 17-19/20", b"hij"),
        ("bytes=0-100", b"bytes 0-19/20", CONTENT),
        ("bytes=0-5,3-8", b"bytes 0-8/20", b"012345678"),
        ("bytes=0-1,2-3", b"bytes 0-3/20", b"0123"),
        ("BYTES = 0-1,", b"bytes 0-1/20", b"01"),
    ],
)
async def test_single_range(path: Path, header: str, content_range: bytes, body: bytes) -> None:
    headers = [TEXT, ACCEPT, (b"content-length", str(len(body)).encode()), *VALIDATORS,
               (b"content-range", content_range)]
    assert await call(FileResponse(path), get(("range", header))) == (206, headers, body)
    assert await call(FileResponse(path), get(("range", header), method="HEAD")) == (
        206, headers, b"")


async def test_multiple_ranges(path: Path) -> None:
    messages = await run_http(FileResponse(path), get(("range", "bytes=3-4, 0-1")))
    status, headers, body = response_parts(messages)
    content_type = headers[0][1]
    assert content_type.startswith(b"multipart/byteranges; boundary=")
    boundary = content_type.partition(b"boundary=")[2]
    assert len(boundary) == 26 and int(boundary, 16) >= 0
    assert (status, headers) == (
        206, [(b"content-type", content_type), ACCEPT, (b"content-length", b"242"), *VALIDATORS])
    part = b"--%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes %s/20\r\n\r\n"
    assert body == (
        part % (boundary, b"0-1") + b"01\r\n" + part % (boundary, b"3-4") + b"34\r\n"
        + b"--" + boundary + b"--"
    )
    assert len(body) == 242
    assert messages[-1]["more_body"] is False
    assert all(m["more_body"] for m in messages[1:-1])


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("bytes=5-2", b"Range header: start must be less than end"),
        ("bytes=0-1,5-2", b"Range header: start must be less than end"),
        ("bytes=abc", b"Range header: range must be requested"),
        ("bytes=", b"Range header: range must be requested"),
        ("items=0-1", b"Only support bytes range"),
        ("", b"Malformed range header."),
        ("bytes", b"Malformed range header."),
    ],
)
async def test_malformed_range_is_400(path: Path, header: str, body: bytes) -> None:
    assert await call(FileResponse(path), get(("range", header))) == (
        400, [(b"content-length", str(len(body)).encode()), TEXT], body)


@pytest.mark.parametrize("header", ["bytes=20-", "bytes=-0", "bytes=0-1,30-40", "bytes=30-20"])
async def test_unsatisfiable_range_is_416(path: Path, header: str) -> None:
    assert await call(FileResponse(path), get(("range", header))) == (
        416, [(b"content-range", b"bytes */20"), (b"content-length", b"0"), TEXT], b"")


async def test_range_on_empty_file_is_416(tmp_path: Path) -> None:
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    status, headers, body = await call(FileResponse(empty), get(("range", "bytes=0-1")))
    assert (status, headers[0], body) == (416, (b"content-range", b"bytes */0"), b"")


async def test_more_than_100_ranges_serves_the_whole_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 400)
    os.utime(big, (MTIME, MTIME))
    too_many = "bytes=" + ",".join(f"{i * 3}-{i * 3}" for i in range(101))
    status, headers, body = await call(FileResponse(big), get(("range", too_many)))
    assert (status, body) == (200, b"x" * 400)
    hundred = "bytes=" + ",".join(f"{i * 3}-{i * 3}" for i in range(100))
    status, headers, body = await call(FileResponse(big), get(("range", hundred)))
    assert (status, headers[2]) == (206, (b"content-length", b"10954"))
    assert len(body) == 10954


async def test_ranges_only_for_get_and_head_with_200(path: Path) -> None:
    expected = (200, whole(), CONTENT)
    assert await call(FileResponse(path), get(("range", "bytes=0-1"), method="POST")) == expected
    assert await call(FileResponse(path, status_code=201), get(("range", "bytes=0-1"))) == (
        201, whole(), CONTENT)


@pytest.mark.parametrize(
    ("if_range", "ranged"),
    [
        (ETAG.decode(), True),
        (LAST_MODIFIED.decode(), True),
        ('"other"', False),
        ("W/" + ETAG.decode(), False),
        ("Tue, 14 Nov 2023 22:13:19 GMT", False),
        ("Wed, 15 Nov 2023 22:13:20 GMT", False),
        ("garbage", False),
    ],
)
async def test_if_range(path: Path, if_range: str, ranged: bool) -> None:
    status, _, body = await call(FileResponse(path), get(("if-range", if_range), ("range", "bytes=0-1")))
    assert (status, body) == ((206, b"01") if ranged else (200, CONTENT))


# -- 304 Not Modified (HARDENING, CVE-2025-62727 row) --------------------------------------


@pytest.mark.parametrize(
    "request_headers",
    [
        [("if-none-match", ETAG.decode())],
        [("if-none-match", "W/" + ETAG.decode())],
        [("if-none-match", "*")],
        [("if-none-match", '"x", ' + ETAG.decode())],
        [("if-modified-since", LAST_MODIFIED.decode())],
        [("if-modified-since", "Wed, 15 Nov 2023 22:13:20 GMT")],
        [("if-none-match", ETAG.decode()), ("range", "bytes=0-1")],
        [("if-none-match", ETAG.decode()), ("if-modified-since", "Mon, 01 Jan 1990 00:00:00 GMT")],
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_not_modified(path: Path, request_headers: list, method: str) -> None:
    response = FileResponse(path, headers={"cache-control": "max-age=60", "vary": "x"},
                            filename="f.txt")
    messages = await run_http(response, get(*request_headers, method=method))
    assert messages == [
        {
            "type": "http.response.start",
            "status": 304,
            "headers": [(b"cache-control", b"max-age=60"), (b"vary", b"x"), (b"etag", ETAG)],
        },
        {"type": "http.response.body", "body": b""},
    ]


@pytest.mark.parametrize(
    "request_headers",
    [
        [("if-none-match", '"x"')],
        [("if-none-match", ETAG.decode().strip('"'))],
        [("if-modified-since", "Tue, 14 Nov 2023 22:13:19 GMT")],
        [("if-modified-since", "garbage")],
        # If-None-Match present and not matching: If-Modified-Since is ignored.
        [("if-none-match", '"x"'), ("if-modified-since", LAST_MODIFIED.decode())],
    ],
)
async def test_modified(path: Path, request_headers: list) -> None:
    assert await call(FileResponse(path), get(*request_headers)) == (200, whole(), CONTENT)


async def test_conditionals_only_for_get_and_head_with_200(path: Path) -> None:
    match = ("if-none-match", ETAG.decode())
    assert await call(FileResponse(path), get(match, method="POST")) == (200, whole(), CONTENT)
    assert await call(FileResponse(path, status_code=201), get(match)) == (201, whole(), CONTENT)


@pytest.mark.parametrize(
    ("request_headers", "status"),
    [
        ([], 200),
        ([("if-none-match", ETAG.decode())], 304),
        ([("range", "bytes=0-1,4-5")], 206),
        ([("range", "bytes=50-")], 416),
        ([("range", "bytes=5-1")], 400),
    ],
)
async def test_background_runs_after_every_answer(
    path: Path, request_headers: list, status: int
) -> None:
    ran: list[str] = []
    response = FileResponse(path, background=BackgroundTask(ran.append, "cleanup"))
    assert (await call(response, get(*request_headers)))[0] == status
    assert ran == ["cleanup"]


# -- multipart bodies re-parse to the requested slices -------------------------------------


def parse_multipart(body: bytes, boundary: bytes) -> list[tuple[int, int, int, bytes]]:
    """(first, last, size, data) for every part of a multipart/byteranges body."""
    parts = []
    delimiter = b"--" + boundary
    position = 0
    while True:
        assert body.startswith(delimiter, position)
        position += len(delimiter)
        if body[position:] == b"--":
            return parts
        assert body.startswith(b"\r\n", position)
        head_end = body.index(b"\r\n\r\n", position)
        fields = dict(
            line.split(": ", 1) for line in body[position + 2:head_end].decode().split("\r\n"))
        unit, _, spec = fields["Content-Range"].partition(" ")
        span, _, size = spec.partition("/")
        first, _, last = span.partition("-")
        assert unit == "bytes"
        start = head_end + 4
        end = start + int(last) - int(first) + 1
        parts.append((int(first), int(last), int(size), body[start:end]))
        assert body.startswith(b"\r\n", end)
        position = end + 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(min_size=1, max_size=3000),
    pairs=st.lists(st.tuples(st.integers(0, 3100), st.integers(0, 3100)).map(sorted),
                   min_size=2, max_size=12),
)
@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_multipart_body_reparses_to_requested_slices(
    tmp_path: Path, backend: str, data: bytes, pairs: list[list[int]]
) -> None:
    file = tmp_path / "data.bin"
    file.write_bytes(data)
    size = len(data)
    if any(first >= size for first, _ in pairs):
        pairs = [[first % size, max(first % size, last)] for first, last in pairs]
    header = "bytes=" + ",".join(f"{first}-{last}" for first, last in pairs)
    response = FileResponse(file)
    response.chunk_size = 7  # many small reads through the slice loop
    messages = anyio.run(run_http, response, get(("range", header)), backend=backend)
    status, headers, body = response_parts(messages)
    assert status == 206
    wanted = {i for first, last in pairs for i in range(first, min(last, size - 1) + 1)}
    content_type = dict(headers)[b"content-type"]
    if content_type.startswith(b"multipart/byteranges"):
        parts = parse_multipart(body, content_type.partition(b"boundary=")[2])
        assert int(dict(headers)[b"content-length"]) == len(body)
        covered = set()
        for first, last, part_size, chunk in parts:
            assert part_size == size and chunk == data[first:last + 1]
            covered |= set(range(first, last + 1))
        assert covered == wanted
        starts = [first for first, *_ in parts]
        assert starts == sorted(starts)
    else:
        first, last = (int(n) for n in dict(headers)[b"content-range"][6:].split(b"/")[0].split(b"-"))
        assert body == data[first:last + 1]
        assert set(range(first, last + 1)) == wanted

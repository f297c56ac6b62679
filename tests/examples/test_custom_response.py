"""Seed "Custom Response - HTML, Stream, File, others": every response class in use.

HTML (declared, returned, both), plain text, redirects (307, declared, 302), streaming
from an async generator and from a file, ``FileResponse`` returned and declared (with the
range support Starlette gives it), a custom ``render``, and JSON classes still filtering
through the ``response_model``. The orjson/ujson programs are tested in
``test_custom_response_orjson.py`` / ``..._ujson.py`` (skipped when the extra is missing).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

HTML = (
    b"\n    <html>\n        <head>\n            <title>Some HTML in here</title>\n"
    b"        </head>\n        <body>\n            <h1>Look ma! HTML!</h1>\n"
    b"        </body>\n    </html>\n    "
)
HTML_TYPE = "text/html; charset=utf-8"
VIDEO = b"fake video"
MTIME = 1704067200  # 2024-01-01 00:00:00 UTC: fixes Last-Modified and the ETag
LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"
ETAG = '"aa4b294549fdba63691f424bbbbcad99"'
FILE_HEADERS = [
    ("content-type", "video/mp4"),
    ("accept-ranges", "bytes"),
    ("content-length", "10"),
    ("last-modified", LAST_MODIFIED),
    ("etag", ETAG),
]


@pytest.mark.parametrize("module", ["html_response_class", "html_direct", "html_documented"])
def test_html(module: str, anyio_backend: Backend) -> None:
    example = load(f"custom_response.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/items/")) == (
        200,
        [("content-length", "171"), ("content-type", HTML_TYPE)],
        HTML,
    )


def test_plain_text(anyio_backend: Backend) -> None:
    example = load("custom_response.plain_text")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/")) == (
        200,
        [("content-length", "11"), ("content-type", "text/plain; charset=utf-8")],
        b"Hello World",
    )


@pytest.mark.parametrize(
    ("module", "path", "status", "location"),
    [
        ("redirect_direct", "/typer", 307, "https://typer.tiangolo.com"),
        ("redirect_response_class", "/fastapi", 307, "https://fastapi.tiangolo.com"),
        ("redirect_status_code", "/pydantic", 302, "https://docs.pydantic.dev/"),
    ],
)
def test_redirects(
    module: str, path: str, status: int, location: str, anyio_backend: Backend
) -> None:
    example = load(f"custom_response.{module}")
    client = TestClient(example.app, backend=anyio_backend, follow_redirects=False)
    assert parts(client.get(path)) == (
        status,
        [("content-length", "0"), ("location", location)],
        b"",
    )


def test_streaming_from_an_async_generator(anyio_backend: Backend) -> None:
    example = load("custom_response.streaming_async")
    client = TestClient(example.app, backend=anyio_backend)
    with client.stream("GET", "/") as response:
        chunks = [chunk for chunk in response.iter_raw() if chunk]
    assert (response.status_code, list(response.headers.multi_items())) == (200, [])
    assert chunks == [b"some fake video bytes"] * 10


@pytest.fixture
def video(tmp_path: Path) -> str:
    path = tmp_path / "large-video-file.mp4"
    path.write_bytes(VIDEO)
    os.utime(path, (MTIME, MTIME))
    return str(path)


def test_streaming_a_file(video: str, anyio_backend: Backend) -> None:
    example = load("custom_response.streaming_file")
    setattr(example, "some_file_path", video)  # the seed's relative path, made absolute
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/")) == (200, [("content-type", "video/mp4")], VIDEO)


@pytest.mark.parametrize("module", ["file_direct", "file_response_class"])
def test_file_response(module: str, video: str, anyio_backend: Backend) -> None:
    example = load(f"custom_response.{module}")
    setattr(example, "some_file_path", video)  # the seed's relative path, made absolute
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/")) == (200, FILE_HEADERS, VIDEO)
    ranged = client.get("/", headers={"Range": "bytes=0-3"})
    assert parts(ranged) == (
        206,
        [
            ("content-type", "video/mp4"),
            ("accept-ranges", "bytes"),
            ("content-length", "4"),
            ("last-modified", LAST_MODIFIED),
            ("etag", ETAG),
            ("content-range", "bytes 0-3/10"),
        ],
        b"fake",
    )
    unsatisfiable = client.get("/", headers={"Range": "bytes=20-30"})
    assert parts(unsatisfiable) == (
        416,
        [
            ("content-range", "bytes */10"),
            ("content-length", "0"),
            ("content-type", "text/plain; charset=utf-8"),
        ],
        b"",
    )


@pytest.mark.parametrize(
    "headers", [{"If-None-Match": ETAG}, {"If-Modified-Since": LAST_MODIFIED}]
)
def test_file_response_answers_conditional_requests_with_304(
    headers: dict[str, str], video: str, anyio_backend: Backend
) -> None:
    # A deliberate difference (issue 2 asks FileResponse for 304s; Starlette's FileResponse
    # answers in full and only StaticFiles 304s): see docs/coming-from-fastapi.md.
    example = load("custom_response.file_direct")
    setattr(example, "some_file_path", video)  # the seed's relative path, made absolute
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/", headers=headers)) == (304, [("etag", ETAG)], b"")
    assert parts(client.get("/")) == (200, FILE_HEADERS, VIDEO)


def test_head_on_a_get_file_operation_is_405(video: str, anyio_backend: Backend) -> None:
    example = load("custom_response.file_direct")
    setattr(example, "some_file_path", video)  # the seed's relative path, made absolute
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.head("/")) == (
        405,
        [("allow", "GET"), ("content-length", "31"), ("content-type", "application/json")],
        b"",
    )


def test_custom_render(anyio_backend: Backend) -> None:
    example = load("custom_response.custom_indented_json")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/")) == (
        200,
        [("content-length", "30"), ("content-type", "application/json")],
        b'{\n  "message": "Hello World"\n}',
    )


def test_json_class_filters_through_the_model(anyio_backend: Backend) -> None:
    example = load("custom_response.json_with_model")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/json/")) == (
        200,
        [("content-length", "14"), ("content-type", "application/json")],
        b'{"name":"Foo"}',
    )
    assert parts(client.get("/empty/")) == (
        200,
        [("content-length", "0"), ("content-type", HTML_TYPE)],
        b"",
    )

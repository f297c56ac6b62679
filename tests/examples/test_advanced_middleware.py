"""Seed "Advanced Middleware": a plain ASGI middleware added both ways, HTTPSRedirect,
TrustedHost, GZip, and the same middlewares given as ``App(middleware=[...])``.

Expected answers (status, whole header list, body) are FastAPI 0.165's for the original
programs. Compressed bodies are read raw from the stream and decompressed here (the gzip
header holds a timestamp, so the bytes themselves vary); their length is pinned, and is
the same as FastAPI's because both use zlib at the same level.
"""

from __future__ import annotations

import gzip
import importlib
import sys
from types import ModuleType
from typing import Any, Literal

import pytest

from asgi_core.websockets import WebSocketDisconnect
from testing import TestClient

Backend = Literal["asyncio", "trio"]
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"
HELLO = b'{"message":"Hello World"}'
INVALID_HOST = (400, [("content-length", "19"), ("content-type", TEXT)], b"Invalid host header")


def load(name: str) -> ModuleType:
    full = f"examples.advanced_middleware.{name}"
    sys.modules.pop(full, None)
    return importlib.import_module(full)


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.multi_items()), response.content


def hello(*extra: tuple[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
    return 200, [("content-length", "25"), ("content-type", JSON), *extra], HELLO


def redirect(location: str) -> tuple[int, list[tuple[str, str]], bytes]:
    return 307, [("content-length", "0"), ("location", location)], b""


def raw_get(client: TestClient, url: str, **kwargs: Any) -> tuple[Any, ...]:
    """The response as sent: status, headers, wire bytes, and the decoded body."""
    with client.stream("GET", url, **kwargs) as response:
        raw = b"".join(response.iter_raw())
    headers = list(response.headers.multi_items())
    encoded = response.headers.get("content-encoding") == "gzip"
    return response.status_code, headers, len(raw), gzip.decompress(raw) if encoded else raw


# -- a plain ASGI middleware -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["app", "wrapped_app"])
def test_asgi_middleware_both_ways(name: str, anyio_backend: Backend) -> None:
    client = TestClient(getattr(load("unicorn"), name), backend=anyio_backend)
    assert parts(client.get("/")) == hello(("x-unicorn", "rainbow"))
    assert parts(client.get("/nope")) == (
        404,
        [("content-length", "22"), ("content-type", JSON), ("x-unicorn", "rainbow")],
        b'{"detail":"Not Found"}',
    )


def test_add_middleware_keeps_the_apps_error_handling(anyio_backend: Backend) -> None:
    example = load("unicorn")
    client = TestClient(example.app, backend=anyio_backend, raise_server_exceptions=False)
    body = b"Unicorn trouble: a request without unicorns"
    response = client.get("/", headers={"x-unicorn": "none"})
    assert parts(response) == (500, [("content-length", "43"), ("content-type", TEXT)], body)
    # The error is still re-raised to the server after the handler's response went out.
    with pytest.raises(example.UnicornError):
        TestClient(example.app, backend=anyio_backend).get("/", headers={"x-unicorn": "none"})


def test_wrapping_by_hand_bypasses_the_apps_error_handling(anyio_backend: Backend) -> None:
    example = load("unicorn")
    client = TestClient(
        example.wrapped_app, backend=anyio_backend, raise_server_exceptions=False
    )
    assert parts(client.get("/", headers={"x-unicorn": "none"})) == (500, [], b"")


# -- HTTPSRedirectMiddleware -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "location"),
    [
        ("GET", "/", "https://testserver/"),
        ("GET", "/?a=1&b=2", "https://testserver/?a=1&b=2"),
        ("GET", "http://testserver:80/x", "https://testserver/x"),
        ("GET", "http://testserver:8080/", "https://testserver:8080/"),
        ("POST", "/", "https://testserver/"),
    ],
)
def test_http_is_redirected_to_https(
    method: str, url: str, location: str, anyio_backend: Backend
) -> None:
    client = TestClient(load("https_redirect").app, backend=anyio_backend, follow_redirects=False)
    assert parts(client.request(method, url)) == redirect(location)


def test_https_gets_through(anyio_backend: Backend) -> None:
    app = load("https_redirect").app
    client = TestClient(app, backend=anyio_backend, base_url="https://testserver")
    assert parts(client.get("/")) == hello()
    # Following the redirect from http lands on the same answer.
    assert parts(TestClient(app, backend=anyio_backend).get("/")) == hello()


def test_ws_is_redirected_to_wss(anyio_backend: Backend) -> None:
    client = TestClient(load("https_redirect").app, backend=anyio_backend)
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/ws"):
            pass  # pragma: no cover - refused
    denial: Any = info.value
    assert parts(denial) == redirect("wss://testserver/ws")


# -- TrustedHostMiddleware ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("http://example.com/", {}),
        ("http://api.example.com/", {}),
        ("http://a.b.example.com/", {}),
        ("http://www.example.com/", {}),
        ("http://example.com:8000/", {}),
        ("http://example.com/", {"host": "EXAMPLE.com"}),
    ],
)
def test_allowed_hosts_get_through(
    url: str, headers: dict[str, str], anyio_backend: Backend
) -> None:
    client = TestClient(load("trusted_host").app, backend=anyio_backend)
    assert parts(client.get(url, headers=headers)) == hello()


@pytest.mark.parametrize("url", ["http://evil.com/", "/", "http://example.com.evil.com/"])
def test_other_hosts_are_400(url: str, anyio_backend: Backend) -> None:
    client = TestClient(load("trusted_host").app, backend=anyio_backend)
    assert parts(client.get(url)) == INVALID_HOST


@pytest.mark.parametrize("host", ["[::1]:8000", "example.com:notaport", "evil.com#example.com"])
def test_odd_host_headers_are_400(host: str, anyio_backend: Backend) -> None:
    client = TestClient(load("trusted_host").app, backend=anyio_backend)
    assert parts(client.get("http://example.com/", headers={"host": host})) == INVALID_HOST


# -- GZipMiddleware ----------------------------------------------------------------------------

BIG = ("{" + '"items":[' + ",".join(f'"item-{n}"' for n in range(200)) + "]}").encode()
STREAM = "".join(f"line {n}: {'x' * 40}\n" for n in range(100)).encode()
VARY = ("vary", "Accept-Encoding")
GZIPPED = ("content-encoding", "gzip")


def test_small_responses_are_not_compressed(anyio_backend: Backend) -> None:
    client = TestClient(load("gzip_app").app, backend=anyio_backend)
    assert raw_get(client, "/") == (
        200, [("content-length", "16"), ("content-type", JSON)], 16, b'"somebigcontent"'
    )


@pytest.mark.parametrize(
    ("accept_encoding", "compressed"),
    [
        ("gzip, deflate", True),
        ("identity", False),
        ("deflate, gzip;q=1.0", True),
        # Deliberate differences (docs/coming-from-fastapi.md): Keel reads Accept-Encoding
        # as a list of codings with weights; Starlette looks for the substring "gzip", so
        # FastAPI answers these two the other way round.
        ("br, GZIP", True),
        ("gzip;q=0", False),
    ],
)
def test_big_responses_are_compressed_for_clients_that_accept_gzip(
    accept_encoding: str, compressed: bool, anyio_backend: Backend
) -> None:
    client = TestClient(load("gzip_app").app, backend=anyio_backend)
    result = raw_get(client, "/big", headers={"Accept-Encoding": accept_encoding})
    if compressed:
        headers = [("content-length", "447"), ("content-type", JSON), VARY, GZIPPED]
        assert result == (200, headers, 447, BIG)
    else:
        headers = [("content-length", "2101"), ("content-type", JSON), VARY]
        assert result == (200, headers, 2101, BIG)


@pytest.mark.parametrize("accept_encoding", ["gzip", "identity"])
def test_streaming_responses_are_compressed_too(
    accept_encoding: str, anyio_backend: Backend
) -> None:
    client = TestClient(load("gzip_app").app, backend=anyio_backend)
    result = raw_get(client, "/stream", headers={"Accept-Encoding": accept_encoding})
    if accept_encoding == "gzip":
        assert result == (200, [("content-type", TEXT), VARY, GZIPPED], 1134, STREAM)
    else:
        assert result == (200, [("content-type", TEXT), VARY], 4990, STREAM)


def test_already_encoded_responses_are_left_alone(anyio_backend: Backend) -> None:
    client = TestClient(load("gzip_app").app, backend=anyio_backend)
    headers = [GZIPPED, ("content-length", "56"), ("content-type", TEXT)]
    assert raw_get(client, "/precompressed") == (200, headers, 56, b"already compressed " * 100)


def test_server_sent_events_are_not_compressed(anyio_backend: Backend) -> None:
    client = TestClient(load("gzip_app").app, backend=anyio_backend)
    events = "".join(f"data: {'event ' * 10}{n}\n\n" for n in range(30)).encode()
    headers = [("content-type", "text/event-stream; charset=utf-8")]
    assert raw_get(client, "/events") == (200, headers, 2090, events)


# -- the list form -----------------------------------------------------------------------------

ROWS = ('{"rows":[' + ",".join(f'{{"n":{n},"square":{n * n}}}' for n in range(100)) + "]}").encode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.example.com/", (200, [("content-length", "25"), ("content-type", JSON)],
                                     25, HELLO)),
        ("http://example.com/", (307, [("content-length", "0"),
                                       ("location", "http://www.example.com/")], 0, b"")),
        ("http://example.com/report?x=1", (307, [
            ("content-length", "0"), ("location", "http://www.example.com/report?x=1")], 0, b"")),
        ("https://example.com/a?b=c", (307, [
            ("content-length", "0"), ("location", "https://www.example.com/a?b=c")], 0, b"")),
        ("http://x.example.org/report", (200, [("content-length", "536"),
                                               ("content-type", JSON), VARY, GZIPPED], 536, ROWS)),
        ("http://example.org/", (*INVALID_HOST[:2], 19, INVALID_HOST[2])),
    ],
)
def test_middleware_list_runs_outermost_first(
    url: str, expected: tuple[Any, ...], anyio_backend: Backend
) -> None:
    client = TestClient(load("middleware_list").app, backend=anyio_backend,
                        follow_redirects=False)
    assert raw_get(client, url) == expected


def test_middleware_list_without_gzip_support(anyio_backend: Backend) -> None:
    client = TestClient(load("middleware_list").app, backend=anyio_backend)
    result = raw_get(client, "http://x.example.org/report", headers={"Accept-Encoding": "identity"})
    assert result == (200, [("content-length", "2254"), ("content-type", JSON), VARY], 2254, ROWS)

"""Seed "Templates": ``Jinja2Templates`` with ``url_for`` and the static files they link to.

The program runs from its own directory, as the seed's user would (``templates/`` and
``static/`` are relative). Expected answers (status, whole header list, body) are FastAPI
0.165's for the original program; the static file's ``etag``/``last-modified`` come from
the file's stat, computed here the way Starlette's ``StaticFiles`` does. The TestClient
also exposes the template and context it rendered, as Starlette's does.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from email.utils import formatdate
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pytest

from asgi_core.requests import Request
from testing import TestClient

Backend = Literal["asyncio", "trio"]
HTML = "text/html; charset=utf-8"
JSON = "application/json"
HERE = Path(__file__).resolve().parents[2] / "examples" / "templates"
CSS = b"h1 {\n    color: green;\n}\n"


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.chdir(HERE)
    sys.modules.pop("examples.templates.main", None)
    return importlib.import_module("examples.templates.main")


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.multi_items()), response.content


def page(prefix: str, link: str, shown: str) -> bytes:
    return (
        "<html>\n<head>\n    <title>Item Details</title>\n"
        f'    <link href="{prefix}/static/styles.css" rel="stylesheet">\n'
        "</head>\n<body>\n"
        f'    <h1><a href="{prefix}/items/{link}">Item ID: {shown}</a></h1>\n'
        "</body>\n</html>"
    ).encode()


@pytest.mark.parametrize(
    ("path", "context_id", "body"),
    [
        ("/items/42", "42", page("http://testserver", "42", "42")),
        ("/items/a%20b", "a b", page("http://testserver", "a b", "a b")),
        ("/items/%3Cb%3E", "<b>", page("http://testserver", "&lt;b&gt;", "&lt;b&gt;")),
    ],
)
def test_template_renders_with_url_for(
    example: ModuleType, path: str, context_id: str, body: bytes, anyio_backend: Backend
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    response = client.get(path)
    assert parts(response) == (
        200,
        [("content-length", str(len(body))), ("content-type", HTML)],
        body,
    )
    assert response.template.name == "item.html"
    assert sorted(response.context) == ["id", "request"]
    assert response.context["id"] == context_id
    assert isinstance(response.context["request"], Request)


def test_url_for_includes_the_root_path(example: ModuleType, anyio_backend: Backend) -> None:
    client = TestClient(example.app, backend=anyio_backend, root_path="/api")
    body = page("http://testserver/api", "42", "42")
    assert parts(client.get("/items/42")) == (
        200,
        [("content-length", "221"), ("content-type", HTML)],
        body,
    )


def css_validators() -> tuple[str, str]:
    stat = (HERE / "static" / "styles.css").stat()
    etag = hashlib.md5(f"{stat.st_mtime}-{stat.st_size}".encode(), usedforsecurity=False)
    return f'"{etag.hexdigest()}"', formatdate(stat.st_mtime, usegmt=True)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_static_css_is_served(example: ModuleType, method: str, anyio_backend: Backend) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    etag, last_modified = css_validators()
    assert parts(client.request(method, "/static/styles.css")) == (
        200,
        [
            ("content-type", "text/css; charset=utf-8"),
            ("accept-ranges", "bytes"),
            ("content-length", "25"),
            ("last-modified", last_modified),
            ("etag", etag),
        ],
        CSS if method == "GET" else b"",
    )


def test_static_css_revalidates(example: ModuleType, anyio_backend: Backend) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    etag, last_modified = css_validators()
    response = client.get("/static/styles.css", headers={"If-None-Match": etag})
    assert parts(response) == (304, [("etag", etag)], b"")
    response = client.get("/static/styles.css", headers={"If-Modified-Since": last_modified})
    assert parts(response) == (304, [("etag", etag)], b"")


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/static/nope.css", (404, b'{"detail":"Not Found"}', [])),
        # Nothing outside static/ is reachable (HARDENING: StaticFiles traversal).
        ("GET", "/static/%2e%2e/main.py", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static/..%2fmain.py", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static/%2e%2e%2ftemplates%2fitem.html", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static/..%5cmain.py", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static/%2fetc%2fpasswd", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static//etc/passwd", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static/styles.css%00", (404, b'{"detail":"Not Found"}', [])),
        ("GET", "/static/", (404, b'{"detail":"Not Found"}', [])),
        ("POST", "/items/1", (405, b'{"detail":"Method Not Allowed"}', [("allow", "GET")])),
    ],
)
def test_errors(
    example: ModuleType,
    method: str,
    path: str,
    expected: tuple[int, bytes, list[tuple[str, str]]],
    anyio_backend: Backend,
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    status, body, extra = expected
    assert parts(client.request(method, path)) == (
        status,
        [*extra, ("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )

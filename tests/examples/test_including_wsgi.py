"""Seed "Including WSGI": a WSGI app mounted under ``/v1``, the rest served by Keel.

The hand-written WSGI app answers exactly as the seed's Flask program does under FastAPI
0.165 (the expected answers below were observed there, for Flask), on both backends:
``/v1/`` with an escaped ``name``, Flask's 404/405 pages, HEAD and OPTIONS, the 307 from
``/v1`` to ``/v1/``, and Keel's own ``/v2``.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

CASES = [
    (
        "GET",
        "/v1/",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "24")],
        b"Hello, World from Flask!",
    ),
    ("GET", "/v1", 307, [("content-length", "0"), ("location", "http://testserver/v1/")], b""),
    (
        "GET",
        "/v1/?name=<b>Keel</b>",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "42")],
        b"Hello, &lt;b&gt;Keel&lt;/b&gt; from Flask!",
    ),
    (
        "GET",
        "/v1/other",
        404,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "207")],
        b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n",
    ),
    (
        "GET",
        "/v2",
        200,
        [("content-length", "25"), ("content-type", "application/json")],
        b'{"message":"Hello World"}',
    ),
    (
        "POST",
        "/v1/",
        405,
        [
            ("content-type", "text/html; charset=utf-8"),
            ("allow", "OPTIONS, HEAD, GET"),
            ("content-length", "153"),
        ],
        b"<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n",
    ),
    (
        "HEAD",
        "/v1/",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "24")],
        b"",
    ),
    (
        "OPTIONS",
        "/v1/",
        200,
        [
            ("content-type", "text/html; charset=utf-8"),
            ("allow", "OPTIONS, HEAD, GET"),
            ("content-length", "0"),
        ],
        b"",
    ),
    (
        "GET",
        "/v1/?name=%22O'Neil%22%20%26co",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "47")],
        b"Hello, &#34;O&#39;Neil&#34; &amp;co from Flask!",
    ),
    (
        "GET",
        "/v1/?name=",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "19")],
        b"Hello,  from Flask!",
    ),
    (
        "GET",
        "/v1/?name=a&name=b",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "20")],
        b"Hello, a from Flask!",
    ),
    (
        "GET",
        "/v1/?name=%C3%BC",
        200,
        [("content-type", "text/html; charset=utf-8"), ("content-length", "21")],
        b"Hello, \xc3\xbc from Flask!",
    ),
]


@pytest.mark.parametrize(("method", "url", "status", "headers", "body"), CASES)
def test_wsgi_mount(
    method: str,
    url: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    anyio_backend: Backend,
) -> None:
    example = load("including_wsgi.wsgi_app")
    client = TestClient(example.app, backend=anyio_backend, follow_redirects=False)
    assert parts(client.request(method, url)) == (status, headers, body)


def test_escape_matches_markupsafe() -> None:
    example = load("including_wsgi.wsgi_app")
    assert example.escape("<a href=\"x\">'&'</a>") == (
        "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    )

"""Seed "Response Cookies": cookies from the ``Response`` parameter or a returned response.

The full ``Set-Cookie`` header (Starlette's ``Path=/; SameSite=lax`` defaults) and the
client's cookie jar; a dependency's cookies and headers merged with a filtering model.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"
BODY = b'{"message":"Come to the dark side, we have cookies"}'
COOKIE = "fakesession=fake-cookie-session-value; Path=/; SameSite=lax"


@pytest.mark.parametrize(
    ("module", "path"),
    [("cookie_and_object", "/cookie-and-object/"), ("cookie_directly", "/cookie/")],
)
def test_cookie(module: str, path: str, anyio_backend: Backend) -> None:
    example = load(f"response_cookies.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.post(path)
    assert parts(response) == (
        200,
        [("content-length", "52"), ("content-type", JSON), ("set-cookie", COOKIE)],
        BODY,
    )
    assert dict(response.cookies) == {"fakesession": "fake-cookie-session-value"}
    assert client.cookies.get("fakesession") == "fake-cookie-session-value"


def test_cookies_from_a_dependency_with_a_response_model(anyio_backend: Backend) -> None:
    example = load("response_cookies.cookie_in_dependency_an")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.post("/visit/")
    assert parts(response) == (
        200,
        [
            ("content-length", "26"),
            ("content-type", JSON),
            ("set-cookie", "visited=yes; HttpOnly; Max-Age=3600; Path=/; SameSite=lax"),
            ("x-visit", "recorded"),
            ("set-cookie", "flavour=dark; Path=/; SameSite=lax"),
        ],
        b'{"message":"Welcome back"}',
    )
    assert dict(response.cookies) == {"visited": "yes", "flavour": "dark"}

"""Seed "Response Headers": headers from the ``Response`` parameter or a returned response.

Header order matters as FastAPI gives it: the parameter's headers come after the JSON
response's own, a returned response's given headers come first; exposed to browsers via
CORS ``expose_headers``.
"""

from __future__ import annotations

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"
BODY = b'{"message":"Hello World"}'


def test_headers_and_object(anyio_backend: Backend) -> None:
    example = load("response_headers.headers_and_object")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/headers-and-object/")) == (
        200,
        [("content-length", "25"), ("content-type", JSON), ("x-cat-dog", "alone in the world")],
        BODY,
    )


def test_headers_directly(anyio_backend: Backend) -> None:
    example = load("response_headers.headers_directly")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/headers/")) == (
        200,
        [
            ("x-cat-dog", "alone in the world"),
            ("content-language", "en-US"),
            ("content-length", "25"),
            ("content-type", JSON),
        ],
        BODY,
    )


def test_custom_header_exposed_through_cors(anyio_backend: Backend) -> None:
    example = load("response_headers.headers_cors_expose")
    client = TestClient(example.app, backend=anyio_backend)
    allowed = client.get("/headers-and-object/", headers={"Origin": "https://frontend.example.com"})
    assert parts(allowed) == (
        200,
        [
            ("content-length", "25"),
            ("content-type", JSON),
            ("x-cat-dog", "alone in the world"),
            ("access-control-expose-headers", "X-Cat-Dog"),
            ("access-control-allow-origin", "https://frontend.example.com"),
            ("vary", "Origin"),
        ],
        BODY,
    )
    other = client.get("/headers-and-object/", headers={"Origin": "https://evil.example.com"})
    assert parts(other) == (
        200,
        [
            ("content-length", "25"),
            ("content-type", JSON),
            ("x-cat-dog", "alone in the world"),
            ("access-control-expose-headers", "X-Cat-Dog"),
            ("vary", "Origin"),
        ],
        BODY,
    )

"""Seed "Behind a Proxy": redirects behind trusted forwarded headers, and ``root_path``.

The ``root_path`` a server passes (``--root-path``, here the TestClient's ``root_path``) or
the app sets shows in the scope, in generated URLs and in the OpenAPI ``servers``
(first, unless ``root_path_in_servers=False``); the declared servers follow.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"
HELLO_ROOT = b'{"message":"Hello World","root_path":"/api/v1"}'
OK = {"200": {"description": "Successful Response", "content": {JSON: {"schema": {}}}}}
PATHS = {
    "/app": {"get": {"summary": "Read Main", "operationId": "read_main_app_get", "responses": OK}}
}
STAGING = {"url": "https://stag.example.com", "description": "Staging environment"}
PRODUCTION = {"url": "https://prod.example.com", "description": "Production environment"}


def test_items_redirect_without_proxy_headers(anyio_backend: Backend) -> None:
    example = load("behind_a_proxy.redirect_items")
    client = TestClient(example.app, backend=anyio_backend, follow_redirects=False)
    assert parts(client.get("/items")) == (
        307,
        [("content-length", "0"), ("location", "http://testserver/items/")],
        b"",
    )
    assert parts(client.get("/items/")) == (
        200,
        [("content-length", "24"), ("content-type", JSON)],
        b'["plumbus","portal gun"]',
    )


def test_items_redirect_to_the_public_url_behind_a_trusted_proxy(anyio_backend: Backend) -> None:
    example = load("behind_a_proxy.redirect_items")
    client = TestClient(example.proxied_app, backend=anyio_backend, follow_redirects=False)
    forwarded = {
        "Host": "mysuperapp.com",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.7",
    }
    assert parts(client.get("/items", headers=forwarded)) == (
        307,
        [("content-length", "0"), ("location", "https://mysuperapp.com/items/")],
        b"",
    )
    # Without the forwarded headers nothing changes.
    assert parts(client.get("/items")) == (
        307,
        [("content-length", "0"), ("location", "http://testserver/items/")],
        b"",
    )


def test_root_path_from_the_server(anyio_backend: Backend) -> None:
    example = load("behind_a_proxy.root_path_from_scope")
    plain = TestClient(example.app, backend=anyio_backend)
    assert parts(plain.get("/app")) == (
        200,
        [("content-length", "40"), ("content-type", JSON)],
        b'{"message":"Hello World","root_path":""}',
    )
    client = TestClient(example.app, backend=anyio_backend, root_path="/api/v1")
    for path in ("/app", "/api/v1/app"):
        assert parts(client.get(path)) == (
            200,
            [("content-length", "47"), ("content-type", JSON)],
            HELLO_ROOT,
        )
    schema = client.get("/openapi.json")
    assert (schema.status_code, schema.headers.multi_items()) == (
        200,
        [("content-length", "280"), ("content-type", JSON)],
    )
    assert schema.json() == {
        "openapi": "3.1.0",
        "info": {"title": "FastAPI", "version": "0.1.0"},
        "paths": PATHS,
        "servers": [{"url": "/api/v1"}],
    }
    docs = client.get("/docs")
    assert (docs.status_code, docs.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "/api/v1/openapi.json" in docs.text


@pytest.mark.parametrize(
    ("module", "length", "servers"),
    [
        ("root_path_in_app", "280", [{"url": "/api/v1"}]),
        ("servers", "425", [{"url": "/api/v1"}, STAGING, PRODUCTION]),
        ("servers_no_root", "407", [STAGING, PRODUCTION]),
    ],
)
def test_root_path_in_the_app_and_servers(
    module: str, length: str, servers: list[dict[str, str]], anyio_backend: Backend
) -> None:
    example = load(f"behind_a_proxy.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    for path in ("/app", "/api/v1/app"):
        assert parts(client.get(path)) == (
            200,
            [("content-length", "47"), ("content-type", JSON)],
            HELLO_ROOT,
        )
    schema = client.get("/openapi.json")
    assert (schema.status_code, schema.headers.multi_items()) == (
        200,
        [("content-length", length), ("content-type", JSON)],
    )
    assert schema.json() == {
        "openapi": "3.1.0",
        "info": {"title": "FastAPI", "version": "0.1.0"},
        "servers": servers,
        "paths": PATHS,
    }


@pytest.mark.parametrize(
    ("root_path", "path", "body"),
    [
        (
            "",
            "/items/foo",
            b'{"item_id":"foo","url":"http://testserver/items/foo",'
            b'"base_url":"http://testserver/","url_for":"http://testserver/items/portal-gun",'
            b'"path_for":"/items/portal-gun"}',
        ),
        (
            "/api/v1",
            "/items/foo",
            b'{"item_id":"foo","url":"http://testserver/items/foo",'
            b'"base_url":"http://testserver/api/v1/",'
            b'"url_for":"http://testserver/api/v1/items/portal-gun",'
            b'"path_for":"/items/portal-gun"}',
        ),
        (
            "/api/v1",
            "/api/v1/items/foo",
            b'{"item_id":"foo","url":"http://testserver/api/v1/items/foo",'
            b'"base_url":"http://testserver/api/v1/",'
            b'"url_for":"http://testserver/api/v1/items/portal-gun",'
            b'"path_for":"/items/portal-gun"}',
        ),
    ],
)
def test_generated_urls_carry_the_root_path(
    root_path: str, path: str, body: bytes, anyio_backend: Backend
) -> None:
    example = load("behind_a_proxy.url_for")
    client = TestClient(example.app, backend=anyio_backend, root_path=root_path)
    assert parts(client.get(path)) == (
        200,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )

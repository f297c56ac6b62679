"""Seed "Sub Applications - Mounts": a sub-application under ``/subapi`` with its own docs.

Each app answers only its own paths; the sub-application's OpenAPI document lists only
its operations with ``servers`` = the mount path (its ``root_path``), and its docs page
points at ``/subapi/openapi.json``. Nested mounts see their own ``root_path`` and
``url_for`` crosses them.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"
NOT_FOUND = (404, [("content-length", "22"), ("content-type", JSON)], b'{"detail":"Not Found"}')
OK = {"200": {"description": "Successful Response", "content": {JSON: {"schema": {}}}}}


@pytest.fixture
def client(anyio_backend: Backend) -> TestClient:
    example = load("sub_applications_mounts.main")
    return TestClient(example.app, backend=anyio_backend, follow_redirects=False)


def test_main_and_sub_paths(client: TestClient) -> None:
    assert parts(client.get("/app")) == (
        200,
        [("content-length", "39"), ("content-type", JSON)],
        b'{"message":"Hello World from main app"}',
    )
    assert parts(client.get("/subapi/sub")) == (
        200,
        [("content-length", "38"), ("content-type", JSON)],
        b'{"message":"Hello World from sub API"}',
    )
    assert parts(client.get("/sub")) == NOT_FOUND
    assert parts(client.get("/subapi/")) == NOT_FOUND
    assert parts(client.get("/subapi")) == (
        307,
        [("content-length", "0"), ("location", "http://testserver/subapi/")],
        b"",
    )


def test_each_app_documents_only_its_own_operations(client: TestClient) -> None:
    main = client.get("/openapi.json")
    assert (main.status_code, main.headers.multi_items()) == (
        200,
        [("content-length", "250"), ("content-type", JSON)],
    )
    assert main.json() == {
        "openapi": "3.1.0",
        "info": {"title": "FastAPI", "version": "0.1.0"},
        "paths": {
            "/app": {
                "get": {"summary": "Read Main", "operationId": "read_main_app_get", "responses": OK}
            }
        },
    }
    sub = client.get("/subapi/openapi.json")
    assert (sub.status_code, sub.headers.multi_items()) == (
        200,
        [("content-length", "278"), ("content-type", JSON)],
    )
    assert sub.json() == {
        "openapi": "3.1.0",
        "info": {"title": "FastAPI", "version": "0.1.0"},
        "paths": {
            "/sub": {
                "get": {"summary": "Read Sub", "operationId": "read_sub_sub_get", "responses": OK}
            }
        },
        "servers": [{"url": "/subapi"}],
    }


def test_sub_docs_page_uses_the_mount_path(client: TestClient) -> None:
    docs = client.get("/subapi/docs")
    assert (docs.status_code, docs.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "/subapi/openapi.json" in docs.text
    assert "/subapi/docs/oauth2-redirect" in docs.text


def test_nested_mounts_root_path_and_url_for(anyio_backend: Backend) -> None:
    example = load("sub_applications_mounts.nested")
    client = TestClient(example.app, backend=anyio_backend, follow_redirects=False)
    assert parts(client.get("/links")) == (
        200,
        [("content-length", "49"), ("content-type", JSON)],
        b'{"where":"http://testserver/subapi/deeper/where"}',
    )
    body = (
        b'{"root_path":"/subapi/deeper","path":"/subapi/deeper/where",'
        b'"url":"http://testserver/subapi/deeper/where",'
        b'"url_for":"http://testserver/subapi/deeper/where"}'
    )
    assert parts(client.get("/subapi/deeper/where")) == (
        200,
        [("content-length", "156"), ("content-type", JSON)],
        body,
    )
    assert parts(client.get("/subapi/deeper/where/")) == (
        307,
        [("content-length", "0"), ("location", "http://testserver/subapi/deeper/where")],
        b"",
    )

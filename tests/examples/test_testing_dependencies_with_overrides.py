"""Seed "Testing Dependencies with Overrides": ``app.dependency_overrides`` in tests.

The seed's own test functions run as written; the same requests on both backends with the
full responses; overrides reach dependencies used in decorators, routers,
``include_router`` and the app, replace the whole sub-graph (the original never runs), and
resetting the dict restores the originals on the next request.
"""

from __future__ import annotations

from typing import Any

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


@pytest.mark.parametrize("module", ["main_an", "main"])
def test_the_seeds_own_tests(module: str) -> None:
    example = load(f"testing_dependencies_with_overrides.{module}")
    example.test_override_in_items()
    example.test_override_in_items_with_q()
    example.test_override_in_items_with_params()


@pytest.mark.parametrize("module", ["main_an", "main"])
@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/items/", b'{"message":"Hello Items!","params":{"q":null,"skip":5,"limit":10}}'),
        (
            "/items/?q=foo&skip=100&limit=200",
            b'{"message":"Hello Items!","params":{"q":"foo","skip":5,"limit":10}}',
        ),
        ("/users/?q=bar", b'{"message":"Hello Users!","params":{"q":"bar","skip":5,"limit":10}}'),
        # skip is no longer a parameter at all: an invalid value is ignored.
        ("/users/?skip=x", b'{"message":"Hello Users!","params":{"q":null,"skip":5,"limit":10}}'),
    ],
)
def test_overridden(module: str, url: str, body: bytes, anyio_backend: Backend) -> None:
    example = load(f"testing_dependencies_with_overrides.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get(url)) == (
        200,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )


@pytest.mark.parametrize("module", ["main_an", "main"])
def test_reset_restores_the_original(module: str, anyio_backend: Backend) -> None:
    example = load(f"testing_dependencies_with_overrides.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    example.app.dependency_overrides = {}
    body = b'{"message":"Hello Items!","params":{"q":"foo","skip":100,"limit":200}}'
    assert parts(client.get("/items/?q=foo&skip=100&limit=200")) == (
        200,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )
    invalid = client.get("/users/?skip=x")
    error = (
        b'{"detail":[{"type":"int_parsing","loc":["query","skip"],'
        b'"msg":"Input should be a valid integer, unable to parse string as an integer",'
        b'"input":"x"}]}'
    )
    assert parts(invalid) == (422, [("content-length", str(len(error))), ("content-type", JSON)], error)
    # And setting it again takes effect on the very next request.
    example.app.dependency_overrides[example.common_parameters] = example.override_dependency
    again = b'{"message":"Hello Users!","params":{"q":null,"skip":5,"limit":10}}'
    assert parts(client.get("/users/?skip=x")) == (
        200,
        [("content-length", str(len(again))), ("content-type", JSON)],
        again,
    )


def _everywhere(anyio_backend: Backend) -> tuple[Any, TestClient]:
    example = load("testing_dependencies_with_overrides.everywhere_an")
    return example, TestClient(example.app, backend=anyio_backend)


def test_originals_call_the_external_provider(anyio_backend: Backend) -> None:
    example, client = _everywhere(anyio_backend)
    refused = b'{"detail":"The external provider refused the token"}'
    for path in ("/me", "/audit", "/admin/stats"):
        response = client.get(path, headers={"X-Token": "real-secret"})
        assert parts(response) == (401, [("content-length", "52"), ("content-type", JSON)], refused)
    wrong = client.get("/admin/stats", headers={"X-Token": "wrong"})
    assert parts(wrong) == (
        400,
        [("content-length", "35"), ("content-type", JSON)],
        b'{"detail":"X-Token header invalid"}',
    )
    assert example.calls == ["verify_token", "external provider"] * 3 + ["verify_token"]


def test_overrides_reach_every_place_a_dependency_is_used(anyio_backend: Backend) -> None:
    example, client = _everywhere(anyio_backend)

    async def fake_user() -> dict[str, str]:
        return {"name": "Test User"}

    async def no_token_check() -> None:
        return None

    example.app.dependency_overrides[example.get_current_user] = fake_user
    example.app.dependency_overrides[example.verify_token] = no_token_check
    expected = {
        "/me": b'{"user":{"name":"Test User"}}',
        "/audit": b'{"audit":"ok"}',
        "/admin/stats": b'{"stats":"all good"}',
    }
    for path, body in expected.items():
        # No X-Token at all: the original's required header is gone with it.
        assert parts(client.get(path)) == (
            200,
            [("content-length", str(len(body))), ("content-type", JSON)],
            body,
        )
    assert example.calls == []
    example.app.dependency_overrides = {}
    missing = client.get("/audit")
    assert missing.status_code == 401
    assert example.calls == ["external provider"]

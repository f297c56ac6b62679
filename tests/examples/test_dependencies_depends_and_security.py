"""Seed "Dependencies - Depends() and Security()": the reference page's markers at work.

``Depends(dependency=None, *, use_cache=True)`` with the seed's ``common_parameters``
(both forms), the per-request cache and ``use_cache=False``, and ``Security(...,
scopes=[...])`` feeding ``SecurityScopes`` and the OpenAPI document. Expected answers
(status, whole header list, body) are FastAPI 0.165's for the original programs.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from types import ModuleType
from typing import Any, Literal

import pytest

from framework import Depends, Security
from testing import TestClient

Backend = Literal["asyncio", "trio"]
JSON = "application/json"
PACKAGE = "examples.dependencies_depends_and_security"


def load(name: str) -> ModuleType:
    full = f"{PACKAGE}.{name}"
    sys.modules.pop(full, None)
    return importlib.import_module(full)


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.multi_items()), response.content


def answer(status: int, body: bytes, challenge: str | None = None) -> tuple[Any, ...]:
    headers = [("www-authenticate", challenge)] if challenge else []
    headers += [("content-length", str(len(body))), ("content-type", JSON)]
    return status, headers, body


def test_markers_have_the_documented_signatures() -> None:
    depends = inspect.signature(Depends).parameters
    assert (depends["dependency"].kind, depends["dependency"].default) == (
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        None,
    )
    assert (depends["use_cache"].kind, depends["use_cache"].default) == (
        inspect.Parameter.KEYWORD_ONLY,
        True,
    )
    security = inspect.signature(Security).parameters
    assert [name for name in security if name in ("dependency", "scopes", "use_cache")] == [
        "dependency",
        "scopes",
        "use_cache",
    ]
    assert security["scopes"].default is None
    assert security["scopes"].kind is inspect.Parameter.KEYWORD_ONLY
    marker = Security(len, scopes=["a", "b"])
    assert (marker.dependency, list(marker.scopes), marker.use_cache) == (len, ["a", "b"], True)
    assert (Depends().dependency, Depends(len, use_cache=False).use_cache) == (None, False)


INT_ERROR = "Input should be a valid integer, unable to parse string as an integer"


@pytest.mark.parametrize(
    ("module", "path"),
    [("common_parameters_an", "/items/"), ("common_parameters", "/items/"),
     ("common_parameters", "/users/")],
)
@pytest.mark.parametrize(
    ("query", "status", "body"),
    [
        ("", 200, b'{"q":null,"skip":0,"limit":100}'),
        ("?q=foo&skip=5&limit=30", 200, b'{"q":"foo","skip":5,"limit":30}'),
        ("?q=", 200, b'{"q":"","skip":0,"limit":100}'),
        (
            "?skip=x&limit=y",
            422,
            b'{"detail":[{"type":"int_parsing","loc":["query","skip"],"msg":"' + INT_ERROR.encode()
            + b'","input":"x"},{"type":"int_parsing","loc":["query","limit"],"msg":"'
            + INT_ERROR.encode() + b'","input":"y"}]}',
        ),
    ],
)
def test_common_parameters(
    module: str, path: str, query: str, status: int, body: bytes, anyio_backend: Backend
) -> None:
    client = TestClient(load(module).app, backend=anyio_backend)
    assert parts(client.get(path + query)) == answer(status, body)


def test_dependency_value_is_cached_per_request(anyio_backend: Backend) -> None:
    client = TestClient(load("use_cache").app, backend=anyio_backend)
    first = client.get("/cached")
    second = client.get("/cached")
    assert parts(first) == answer(200, b'{"first":1,"second":1,"endpoint":1}')
    assert parts(second) == answer(200, b'{"first":2,"second":2,"endpoint":2}')


def test_use_cache_false_calls_again(anyio_backend: Backend) -> None:
    client = TestClient(load("use_cache").app, backend=anyio_backend)
    assert parts(client.get("/uncached")) == answer(200, b'{"first":1,"second":1,"endpoint":2}')
    assert parts(client.get("/cached")) == answer(200, b'{"first":3,"second":3,"endpoint":3}')


BEARER = {"Authorization": "Bearer t"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/users/me", b'{"token":"t","scopes":["me"],"scope_str":"me"}'),
        ("/items/", b'{"token":"t","scopes":["items","me"],"scope_str":"items me"}'),
        ("/plain", b'{"token":"t","scopes":[],"scope_str":""}'),
        (
            "/both",
            b'{"plain":{"token":"t","scopes":[],"scope_str":""},'
            b'"scoped":{"token":"t","scopes":["items"],"scope_str":"items"}}',
        ),
    ],
)
def test_security_scopes_collect_every_scope_above(
    path: str, body: bytes, anyio_backend: Backend
) -> None:
    client = TestClient(load("security_scopes").app, backend=anyio_backend)
    assert parts(client.get(path, headers=BEARER)) == answer(200, body)
    refused = b'{"detail":"Not authenticated"}'
    assert parts(client.get(path)) == answer(401, refused, "Bearer")


def test_security_scopes_in_openapi(anyio_backend: Backend) -> None:
    client = TestClient(load("security_scopes").app, backend=anyio_backend)
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"] == {
        "OAuth2PasswordBearer": {
            "type": "oauth2",
            "flows": {
                "password": {
                    "scopes": {"me": "Read yourself.", "items": "Read items."},
                    "tokenUrl": "token",
                }
            },
        }
    }
    assert {p: item["get"]["security"] for p, item in document["paths"].items()} == {
        "/users/me": [{"OAuth2PasswordBearer": ["me"]}],
        "/items/": [{"OAuth2PasswordBearer": ["items", "me"]}],
        "/plain": [{"OAuth2PasswordBearer": []}],
        "/both": [{"OAuth2PasswordBearer": ["items"]}],
    }


def test_common_parameters_become_query_parameters_in_openapi(anyio_backend: Backend) -> None:
    client = TestClient(load("common_parameters_an").app, backend=anyio_backend)
    operation = client.get("/openapi.json").json()["paths"]["/items/"]["get"]
    assert operation["parameters"] == [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Q"},
        },
        {
            "name": "skip",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "default": 0, "title": "Skip"},
        },
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "default": 100, "title": "Limit"},
        },
    ]

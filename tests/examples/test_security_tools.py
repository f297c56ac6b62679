"""Seed "Security Tools": every scheme of ``security`` used as a path operation's dependable.

For each tool: what a client gets with, without and with the wrong credentials (status,
whole header list, body), the ``auto_error=False`` pattern (optional auth, one of several
ways), and the OpenAPI security scheme each declares. Every expected value is FastAPI
0.165's answer for the original program.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any, Literal

import pytest

from testing import TestClient

Backend = Literal["asyncio", "trio"]
JSON = "application/json"
NOT_AUTHENTICATED = b'{"detail":"Not authenticated"}'


def load(name: str) -> ModuleType:
    full = f"examples.security_tools.{name}"
    sys.modules.pop(full, None)
    return importlib.import_module(full)


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.multi_items()), response.content


def answer(status: int, body: bytes, challenge: str | None = None) -> tuple[Any, ...]:
    headers = [("www-authenticate", challenge)] if challenge else []
    headers += [("content-length", str(len(body))), ("content-type", JSON)]
    return status, headers, body


def auth(value: str) -> dict[str, Any]:
    return {"headers": {"Authorization": value}}


def refused(challenge: str) -> tuple[int, bytes, str]:
    return 401, NOT_AUTHENTICATED, challenge


API_KEY = refused("APIKey")
CASES: list[tuple[str, str, str, dict[str, Any], tuple[Any, ...]]] = [
    # APIKeyCookie / APIKeyHeader / APIKeyQuery: an absent or empty key is refused.
    ("api_key_cookie", "GET", "/items/", {}, API_KEY),
    ("api_key_cookie", "GET", "/items/", {"cookies": {"session": "abc"}},
     (200, b'{"session":"abc"}')),
    ("api_key_cookie", "GET", "/items/", {"cookies": {"session": ""}}, API_KEY),
    ("api_key_cookie_an", "GET", "/items/", {}, API_KEY),
    ("api_key_cookie_an", "GET", "/items/", {"cookies": {"session": "abc"}},
     (200, b'{"session":"abc"}')),
    ("api_key_header", "GET", "/items/", {}, API_KEY),
    ("api_key_header", "GET", "/items/", {"headers": {"x-key": "k1"}}, (200, b'{"key":"k1"}')),
    ("api_key_header", "GET", "/items/", {"headers": {"X-KEY": "K2"}}, (200, b'{"key":"K2"}')),
    ("api_key_header", "GET", "/items/", {"headers": {"X-KEY": ""}}, API_KEY),
    ("api_key_query", "GET", "/items/", {}, API_KEY),
    ("api_key_query", "GET", "/items/?api_key=q1", {}, (200, b'{"api_key":"q1"}')),
    ("api_key_query", "GET", "/items/?api_key=", {}, API_KEY),
    ("api_key_query", "GET", "/items/?API_KEY=q1", {}, API_KEY),
    # HTTPBearer: the scheme word is case-insensitive and kept as sent.
    ("http_bearer", "GET", "/users/me", {}, refused("Bearer")),
    ("http_bearer", "GET", "/users/me", auth("Bearer tok"),
     (200, b'{"scheme":"Bearer","credentials":"tok"}')),
    ("http_bearer", "GET", "/users/me", auth("bearer a b"),
     (200, b'{"scheme":"bearer","credentials":"a b"}')),
    ("http_bearer", "GET", "/users/me", auth("Basic tok"), refused("Bearer")),
    ("http_bearer", "GET", "/users/me", auth("Bearer"), refused("Bearer")),
    # HTTPDigest: hands over the raw parameters.
    ("http_digest", "GET", "/users/me", {}, refused("Digest")),
    ("http_digest", "GET", "/users/me", auth('Digest username="a", nonce="n"'),
     (200, b'{"scheme":"Digest","credentials":"username=\\"a\\", nonce=\\"n\\""}')),
    ("http_digest", "GET", "/users/me", auth("Bearer tok"), refused("Digest")),
    ("http_digest", "GET", "/users/me", auth("Digest"), refused("Digest")),
    # OAuth2 (generic) and OpenIdConnect return the whole header; the code flow the token.
    ("oauth2_flows", "GET", "/implicit", {}, refused("Bearer")),
    ("oauth2_flows", "GET", "/implicit", auth("Bearer t1"), (200, b'{"authorization":"Bearer t1"}')),
    ("oauth2_flows", "GET", "/implicit", auth("Basic t1"), (200, b'{"authorization":"Basic t1"}')),
    ("oauth2_flows", "GET", "/code", {}, refused("Bearer")),
    ("oauth2_flows", "GET", "/code", auth("Bearer t2"),
     (200, b'{"token":"t2","scopes":["read","write"]}')),
    ("oauth2_flows", "GET", "/code", auth("Basic t2"), refused("Bearer")),
    ("oauth2_flows", "GET", "/oidc", {}, refused("Bearer")),
    ("oauth2_flows", "GET", "/oidc", auth("Bearer t3"), (200, b'{"authorization":"Bearer t3"}')),
    ("oauth2_flows", "GET", "/oidc", auth("Basic t3"), (200, b'{"authorization":"Basic t3"}')),
    # auto_error=False: None instead of an error; the endpoint decides.
    ("optional_auth", "GET", "/whoami", {}, (200, b'{"identity":null}')),
    ("optional_auth", "GET", "/whoami", {"cookies": {"session": "s1"}},
     (200, b'{"identity":"session:s1"}')),
    ("optional_auth", "GET", "/whoami", auth("Bearer t"), (200, b'{"identity":"token:t"}')),
    ("optional_auth", "GET", "/whoami", auth("Basic t"), (200, b'{"identity":null}')),
    ("optional_auth", "GET", "/private", {}, (401, b'{"detail":"Log in first"}')),
    ("optional_auth", "GET", "/private", auth("Bearer t"), (200, b'{"identity":"token:t"}')),
]


@pytest.mark.parametrize(("module", "method", "path", "kwargs", "expected"), CASES)
def test_scheme_answers(
    module: str,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    expected: tuple[Any, ...],
    anyio_backend: Backend,
) -> None:
    client = TestClient(load(module).app, backend=anyio_backend)
    assert parts(client.request(method, path, **kwargs)) == answer(*expected)


def missing(*fields: str) -> bytes:
    errors = ",".join(
        f'{{"type":"missing","loc":["body","{f}"],"msg":"Field required","input":null}}'
        for f in fields
    )
    return f'{{"detail":[{errors}]}}'.encode()


FORM_CASES: list[tuple[str, dict[str, Any], int, bytes]] = [
    ("/login", {"data": {"username": "u", "password": "p"}}, 200, b'{"scopes":[]}'),
    (
        "/login",
        {"data": {"username": "u", "password": "p", "scope": "a  b c", "client_id": "cid",
                  "client_secret": "cs", "grant_type": "password"}},
        200,
        b'{"scopes":["a","b","c"],"client_id":"cid","client_secret":"cs"}',
    ),
    (
        "/login",
        {"data": {"username": "u", "password": "p", "grant_type": "x"}},
        422,
        b'{"detail":[{"type":"string_pattern_mismatch","loc":["body","grant_type"],'
        b'"msg":"String should match pattern \'^password$\'","input":"x",'
        b'"ctx":{"pattern":"^password$"}}]}',
    ),
    ("/login", {"data": {}}, 422, missing("username", "password")),
    ("/login", {"json": {"username": "u", "password": "p"}}, 422, missing("username", "password")),
    ("/login", {"data": {"username": "u", "password": ""}}, 422, missing("password")),
    ("/login-strict", {"data": {"username": "u", "password": "p"}}, 422, missing("grant_type")),
    (
        "/login-strict",
        {"data": {"username": "u", "password": "p", "grant_type": "password", "scope": "me"}},
        200,
        b'{"grant_type":"password","scopes":["me"]}',
    ),
]


@pytest.mark.parametrize(("path", "kwargs", "status", "body"), FORM_CASES)
def test_password_request_forms(
    path: str, kwargs: dict[str, Any], status: int, body: bytes, anyio_backend: Backend
) -> None:
    client = TestClient(load("password_form").app, backend=anyio_backend)
    assert parts(client.post(path, **kwargs)) == answer(status, body)


COOKIE = {"type": "apiKey", "in": "cookie", "name": "session"}
BEARER = {"type": "http", "scheme": "bearer"}
OPENAPI: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("api_key_cookie", {"APIKeyCookie": COOKIE}, {"/items/": [{"APIKeyCookie": []}]}),
    (
        "api_key_cookie_an",
        {"SessionCookie": {**COOKIE, "description": "The session set at login."}},
        {"/items/": [{"SessionCookie": []}]},
    ),
    (
        "api_key_header",
        {"APIKeyHeader": {"type": "apiKey", "in": "header", "name": "x-key"}},
        {"/items/": [{"APIKeyHeader": []}]},
    ),
    (
        "api_key_query",
        {"APIKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"}},
        {"/items/": [{"APIKeyQuery": []}]},
    ),
    ("http_bearer", {"HTTPBearer": BEARER}, {"/users/me": [{"HTTPBearer": []}]}),
    (
        "http_digest",
        {"HTTPDigest": {"type": "http", "scheme": "digest"}},
        {"/users/me": [{"HTTPDigest": []}]},
    ),
    (
        "oauth2_flows",
        {
            "OAuth2": {
                "type": "oauth2",
                "description": "An implicit flow.",
                "flows": {
                    "implicit": {
                        "scopes": {"read": "Read things."},
                        "authorizationUrl": "https://example.com/authorize",
                    }
                },
            },
            "OAuth2AuthorizationCodeBearer": {
                "type": "oauth2",
                "flows": {
                    "authorizationCode": {
                        "refreshUrl": "https://example.com/refresh",
                        "scopes": {"read": "Read things.", "write": "Write things."},
                        "authorizationUrl": "https://example.com/authorize",
                        "tokenUrl": "https://example.com/token",
                    }
                },
            },
            "OpenIdConnect": {
                "type": "openIdConnect",
                "openIdConnectUrl": "https://example.com/.well-known/openid-configuration",
            },
        },
        {
            "/implicit": [{"OAuth2": []}],
            "/code": [{"OAuth2AuthorizationCodeBearer": ["read", "write"]}],
            "/oidc": [{"OpenIdConnect": []}],
        },
    ),
    (
        "optional_auth",
        {"APIKeyCookie": COOKIE, "HTTPBearer": BEARER},
        {
            "/whoami": [{"APIKeyCookie": []}, {"HTTPBearer": []}],
            "/private": [{"APIKeyCookie": []}, {"HTTPBearer": []}],
        },
    ),
]


@pytest.mark.parametrize(("module", "schemes", "security"), OPENAPI)
def test_openapi_security_schemes(
    module: str, schemes: dict[str, Any], security: dict[str, Any], anyio_backend: Backend
) -> None:
    client = TestClient(load(module).app, backend=anyio_backend)
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["components"]["securitySchemes"] == schemes
    assert {p: item["get"].get("security") for p, item in document["paths"].items()} == security

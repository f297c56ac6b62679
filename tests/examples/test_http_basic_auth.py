"""Seed "HTTP Basic Auth": the simple, realm and compare_digest programs, both forms.

Every expected answer (status, whole header list, body) is what FastAPI 0.165 gives for the
original program. Of note: a header that is not ``Basic``, not base64, has no ``:`` or is not
ASCII after decoding is "Not authenticated" (so ``Sebastián`` never reaches the dependency's
``compare_digest``); the scheme name is case-insensitive; the password may be empty or hold
``:``.
"""

from __future__ import annotations

import base64
import importlib
import json
import secrets
import sys
from types import ModuleType
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testing import TestClient

Backend = Literal["asyncio", "trio"]
JSON = "application/json"


def load(name: str) -> ModuleType:
    full = f"examples.http_basic_auth.{name}"
    sys.modules.pop(full, None)
    return importlib.import_module(full)


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.multi_items()), response.content


def answer(status: int, body: bytes, challenge: str | None = None) -> tuple[Any, ...]:
    headers = [("www-authenticate", challenge)] if challenge else []
    headers += [("content-length", str(len(body))), ("content-type", JSON)]
    return status, headers, body


NOT_AUTHENTICATED = b'{"detail":"Not authenticated"}'
BAD_HEADERS = [
    {},
    {"Authorization": "Basic notabase64token"},
    {"Authorization": "Other foobar"},
    {"Authorization": "Basic am9obg=="},  # "john": no colon
    {"Authorization": "Basic"},
    {"Authorization": "Basic 6Q=="},  # b"\xe9": not ASCII
]


@pytest.mark.parametrize("module", ["simple_an", "simple"])
@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({"auth": ("john", "secret")}, b'{"username":"john","password":"secret"}'),
        ({"auth": ("john", "")}, b'{"username":"john","password":""}'),
        ({"auth": ("a", "b:c")}, b'{"username":"a","password":"b:c"}'),
        ({"headers": {"Authorization": "basic YTpi"}}, b'{"username":"a","password":"b"}'),
    ],
)
def test_simple_returns_the_credentials(
    module: str, kwargs: dict[str, Any], body: bytes, anyio_backend: Backend
) -> None:
    client = TestClient(load(module).app, backend=anyio_backend)
    assert parts(client.get("/users/me", **kwargs)) == answer(200, body)


@pytest.mark.parametrize("module", ["simple_an", "simple", "check_an", "check"])
@pytest.mark.parametrize("headers", BAD_HEADERS)
def test_missing_or_malformed_credentials_ask_for_basic(
    module: str, headers: dict[str, str], anyio_backend: Backend
) -> None:
    client = TestClient(load(module).app, backend=anyio_backend)
    response = client.get("/users/me", headers=headers)
    assert parts(response) == answer(401, NOT_AUTHENTICATED, "Basic")


@pytest.mark.parametrize("headers", BAD_HEADERS[:2])
def test_realm_is_in_the_challenge(headers: dict[str, str], anyio_backend: Backend) -> None:
    client = TestClient(load("realm_an").app, backend=anyio_backend)
    response = client.get("/users/me", headers=headers)
    assert parts(response) == answer(401, NOT_AUTHENTICATED, 'Basic realm="simple"')
    ok = client.get("/users/me", auth=("u", "p"))
    assert parts(ok) == answer(200, b'{"username":"u","password":"p"}')


@pytest.mark.parametrize("module", ["check_an", "check"])
@pytest.mark.parametrize(
    ("auth", "status", "body"),
    [
        (("stanleyjobson", "swordfish"), 200, b'{"username":"stanleyjobson"}'),
        (("stanleyjobson", "love123"), 401, b'{"detail":"Incorrect username or password"}'),
        (("johndoe", "swordfish"), 401, b'{"detail":"Incorrect username or password"}'),
        (("johndoe", "love123"), 401, b'{"detail":"Incorrect username or password"}'),
        (("stanleyjobsox", "swordfish"), 401, b'{"detail":"Incorrect username or password"}'),
        (("Sebastián", "swordfish"), 401, NOT_AUTHENTICATED),
    ],
)
def test_check_username_and_password(
    module: str, auth: tuple[str, str], status: int, body: bytes, anyio_backend: Backend
) -> None:
    client = TestClient(load(module).app, backend=anyio_backend)
    response = client.get("/users/me", auth=auth)
    assert parts(response) == answer(status, body, None if status == 200 else "Basic")


@pytest.mark.parametrize("module", ["check_an", "check"])
def test_both_secrets_are_compared_as_bytes_every_time(
    module: str, anyio_backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No short-circuit: a wrong username still costs the password comparison."""
    calls: list[tuple[bytes, bytes]] = []
    real = secrets.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    client = TestClient(load(module).app, backend=anyio_backend)
    response = client.get("/users/me", auth=("johndoe", "love123"))
    assert response.status_code == 401
    assert calls == [(b"johndoe", b"stanleyjobson"), (b"love123", b"swordfish")]


ASCII = st.text(st.characters(max_codepoint=127), max_size=24)
APP = load("simple_an").app


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(username=ASCII.filter(lambda name: ":" not in name), password=ASCII)
def test_any_ascii_credentials_round_trip(
    username: str, password: str, anyio_backend: Backend
) -> None:
    """Property: whatever ASCII pair is sent (password may hold ':'), the endpoint gets it."""
    client = TestClient(APP, backend=anyio_backend)
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    response = client.get("/users/me", headers={"Authorization": f"Basic {token}"})
    document = {"username": username, "password": password}
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    assert parts(response) == answer(200, body)


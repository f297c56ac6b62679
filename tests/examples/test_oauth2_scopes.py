"""Seed "OAuth2 scopes": the full JWT + scopes program, ``Annotated`` and default forms.

A user logs in at ``/token`` with the password form, asking for scopes; the token carries
them and each path operation demands its own through ``Security(..., scopes=[...])``. The
answers (status, whole header list, body) are FastAPI 0.165's for the original program
(with pwdlib swapped for the PBKDF2 helper, which no response shows). Token bodies hold an
expiry time, so they are checked by decoding the JWT and re-encoding the whole body.
"""

from __future__ import annotations

import importlib
import json
import sys
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any, Literal

import jwt
import pytest

from testing import TestClient

Backend = Literal["asyncio", "trio"]
JSON = "application/json"
MODULES = ["main_an", "main"]
JOHN = (
    b'{"username":"johndoe","email":"johndoe@example.com","full_name":"John Doe",'
    b'"disabled":false}'
)


def load(name: str) -> ModuleType:
    full = f"examples.oauth2_scopes.{name}"
    sys.modules.pop(full, None)
    return importlib.import_module(full)


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.multi_items()), response.content


def answer(status: int, body: bytes, challenge: str | None = None) -> tuple[Any, ...]:
    headers = [("www-authenticate", challenge)] if challenge else []
    headers += [("content-length", str(len(body))), ("content-type", JSON)]
    return status, headers, body


def token_for(example: ModuleType, **claims: Any) -> str:
    claims.setdefault("exp", datetime.now(timezone.utc) + timedelta(minutes=5))
    return jwt.encode(claims, example.SECRET_KEY, algorithm=example.ALGORITHM)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(params=MODULES, scope="module")
def example(request: pytest.FixtureRequest) -> ModuleType:
    """The programs hold no per-request state, so one import per module serves every test."""
    return load(request.param)


@pytest.mark.parametrize("scope", ["me items", "me", "", "items me extra"])
def test_login_returns_a_token_with_the_scopes_asked_for(
    example: ModuleType, scope: str, anyio_backend: Backend
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    form = {"username": "johndoe", "password": "secret", "scope": scope}
    response = client.post("/token", data=form)
    token = response.json()["access_token"]
    claims = jwt.decode(token, example.SECRET_KEY, algorithms=[example.ALGORITHM])
    body = json.dumps({"access_token": token, "token_type": "bearer"}, separators=(",", ":"))
    assert parts(response) == answer(200, body.encode())
    expires = datetime.fromtimestamp(claims.pop("exp"), timezone.utc)
    assert claims == {"sub": "johndoe", "scope": scope}
    assert timedelta(minutes=30) <= expires - before <= timedelta(minutes=30, seconds=5)
    # The token works right away for what its scopes allow.
    me = client.get("/users/me/", headers=bearer(token))
    if "me" in scope.split():
        assert parts(me) == answer(200, JOHN)
    else:
        assert parts(me) == answer(401, b'{"detail":"Not enough permissions"}', 'Bearer scope="me"')


@pytest.mark.parametrize(
    "form",
    [
        {"username": "johndoe", "password": "wrong"},
        {"username": "nobody", "password": "secret"},
        {"username": "johndoe", "password": "secret2"},
    ],
)
def test_login_with_wrong_credentials_is_400(
    example: ModuleType, form: dict[str, str], anyio_backend: Backend
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    response = client.post("/token", data=form)
    assert parts(response) == answer(400, b'{"detail":"Incorrect username or password"}')


def test_login_form_is_validated(example: ModuleType, anyio_backend: Backend) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    response = client.post("/token", data={"password": "secret"})
    body = (
        b'{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required",'
        b'"input":null}]}'
    )
    assert parts(response) == answer(422, body)
    response = client.post(
        "/token", data={"username": "johndoe", "password": "secret", "grant_type": "token"}
    )
    body = (
        b'{"detail":[{"type":"string_pattern_mismatch","loc":["body","grant_type"],'
        b'"msg":"String should match pattern \'^password$\'","input":"token",'
        b'"ctx":{"pattern":"^password$"}}]}'
    )
    assert parts(response) == answer(422, body)


def test_inactive_user_is_400(example: ModuleType, anyio_backend: Backend) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    form = {"username": "alice", "password": "secret2", "scope": "me items"}
    token = client.post("/token", data=form).json()["access_token"]
    response = client.get("/users/me/", headers=bearer(token))
    assert parts(response) == answer(400, b'{"detail":"Inactive user"}')


@pytest.mark.parametrize(
    ("path", "scope", "status", "body", "challenge"),
    [
        ("/users/me/items/", "me items", 200, b'[{"item_id":"Foo","owner":"johndoe"}]', None),
        ("/users/me/items/", "me", 401, b'{"detail":"Not enough permissions"}',
         'Bearer scope="items me"'),
        ("/users/me/items/", "items", 401, b'{"detail":"Not enough permissions"}',
         'Bearer scope="items me"'),
        ("/users/me/", "me", 200, JOHN, None),
        ("/users/me/", "items", 401, b'{"detail":"Not enough permissions"}',
         'Bearer scope="me"'),
        ("/status/", "", 200, b'{"status":"ok"}', None),
        ("/status/", "me items", 200, b'{"status":"ok"}', None),
    ],
)
def test_each_path_needs_its_scopes(
    example: ModuleType,
    path: str,
    scope: str,
    status: int,
    body: bytes,
    challenge: str | None,
    anyio_backend: Backend,
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    response = client.get(path, headers=bearer(token_for(example, sub="johndoe", scope=scope)))
    assert parts(response) == answer(status, body, challenge)


BAD_TOKENS: list[dict[str, Any]] = [
    {"scope": "me items"},  # no "sub"
    {"sub": "nobody", "scope": "me items"},  # no such user
    {"sub": "johndoe", "scope": "me items", "exp": datetime(2020, 1, 1, tzinfo=timezone.utc)},
]


@pytest.mark.parametrize(
    ("path", "challenge"),
    [
        ("/users/me/", 'Bearer scope="me"'),
        ("/users/me/items/", 'Bearer scope="items me"'),
        ("/status/", "Bearer"),
    ],
)
def test_invalid_tokens_are_401_naming_the_scopes_needed(
    example: ModuleType, path: str, challenge: str, anyio_backend: Backend
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    invalid = b'{"detail":"Could not validate credentials"}'
    assert parts(client.get(path, headers=bearer("nonexistent"))) == answer(401, invalid, challenge)
    signed_elsewhere = jwt.encode({"sub": "johndoe", "scope": "me items"}, "x" * 32, "HS256")
    response = client.get(path, headers=bearer(signed_elsewhere))
    assert parts(response) == answer(401, invalid, challenge)
    for claims in BAD_TOKENS:
        token = token_for(example, **claims)
        assert parts(client.get(path, headers=bearer(token))) == answer(401, invalid, challenge)


@pytest.mark.parametrize("path", ["/users/me/", "/users/me/items/", "/status/"])
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic YTpi"}, {"Authorization": ""}])
def test_missing_bearer_token_is_not_authenticated(
    example: ModuleType, path: str, headers: dict[str, str], anyio_backend: Backend
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    response = client.get(path, headers=headers)
    assert parts(response) == answer(401, b'{"detail":"Not authenticated"}', "Bearer")


def test_password_hashes_are_salted_pbkdf2(example: ModuleType) -> None:
    first, second = example.get_password_hash("secret"), example.get_password_hash("secret")
    assert first != second
    assert first.startswith("pbkdf2_sha256$100000$")
    assert example.verify_password("secret", first)
    assert example.verify_password("secret", example.fake_users_db["johndoe"]["hashed_password"])
    assert not example.verify_password("Secret", first)


def test_openapi_declares_the_scheme_and_the_scopes_per_operation(
    example: ModuleType, anyio_backend: Backend
) -> None:
    client = TestClient(example.app, backend=anyio_backend)
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"] == {
        "OAuth2PasswordBearer": {
            "type": "oauth2",
            "flows": {
                "password": {
                    "scopes": {
                        "me": "Read information about the current user.",
                        "items": "Read items.",
                    },
                    "tokenUrl": "token",
                }
            },
        }
    }
    security = {
        path: operation.get("security")
        for path, item in document["paths"].items()
        for operation in item.values()
    }
    assert security == {
        "/token": None,
        "/users/me/": [{"OAuth2PasswordBearer": ["me"]}],
        "/users/me/items/": [{"OAuth2PasswordBearer": ["items", "me"]}],
        "/status/": [{"OAuth2PasswordBearer": []}],
    }
    assert document["paths"]["/token"]["post"]["requestBody"] == {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"$ref": "#/components/schemas/Body_login_for_access_token_token_post"}
            }
        },
        "required": True,
    }

"""Schemes inside dependency trees, and the password-flow forms, as FastAPI 0.165 runs them.

Expected answers were recorded from FastAPI 0.165 running the same programs: the token
forms (``data/password_forms.json``), two optional schemes combined, a subclass that keeps
the pre-0.122 403 answer by overriding ``make_not_authenticated_error``, scopes merged
through ``Security`` at router, route, parameter and sub-dependency level, one scheme call
per request when several dependencies share it, and a scheme in a WebSocket endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pytest

from framework import APIRouter, App, Depends, HTTPException, Security, WebSocket
from security import (
    APIKeyCookie,
    APIKeyQuery,
    HTTPAuthorizationCredentials,
    HTTPBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    OAuth2PasswordRequestFormStrict,
    SecurityScopes,
)
from testing import TestClient
from tests.security._matrix import load

FORMS = load("password_forms.json")
JSON = "application/json"


class Bearer403(HTTPBearer):
    """FastAPI's documented way to keep answering 403 for missing credentials."""

    def make_not_authenticated_error(self) -> HTTPException:
        return HTTPException(status_code=403, detail="Not authenticated")


# Annotations are strings here (``from __future__ import annotations``), so everything a
# signature names lives at module level, where the DI container can resolve it.
SEEN: list[Any] = []
CALLS: list[str] = []
cookie = APIKeyCookie(name="session", auto_error=False)
bearer = HTTPBearer(auto_error=False)
bearer403 = Bearer403()
pw = OAuth2PasswordBearer(tokenUrl="token", scopes={"read": "Read", "write": "Write"})
ws_key = APIKeyQuery(name="key", auto_error=False)


def leaf(security_scopes: SecurityScopes) -> list[str]:
    SEEN.append(("leaf", security_scopes.scopes, security_scopes.scope_str))
    return security_scopes.scopes


def plain(security_scopes: SecurityScopes) -> list[str]:
    return security_scopes.scopes


def mid(
    lf: Annotated[list[str], Security(leaf, scopes=["b", "c"])],
    p: Annotated[list[str], Depends(plain)],
    security_scopes: SecurityScopes,
) -> Any:
    return {"leaf": lf, "plain": p, "mid": security_scopes.scopes}


async def counted(
    request_token: Annotated[str, Security(pw, scopes=["read"])],
    security_scopes: SecurityScopes,
) -> Any:
    CALLS.append(request_token)
    return {"token": request_token, "scopes": security_scopes.scopes}


def build_app() -> App:
    app = App()

    @app.post("/token")
    def token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Any:
        return vars(form)

    @app.post("/strict")
    def strict(form: Annotated[OAuth2PasswordRequestFormStrict, Depends()]) -> Any:
        return vars(form)

    @app.get("/either")
    def either(
        c: Annotated[str | None, Depends(cookie)],
        b: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Any:
        if c:
            return {"via": "cookie", "value": c}
        if b:
            return {"via": "bearer", "value": b.credentials}
        raise HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})

    @app.get("/legacy")
    def legacy(cred: Annotated[HTTPAuthorizationCredentials, Depends(bearer403)]) -> Any:
        return {"token": cred.credentials}

    router = APIRouter(dependencies=[Security(leaf, scopes=["router"])])

    @router.get("/scopes", dependencies=[Security(leaf, scopes=["route"])])
    def scopes(
        m: Annotated[dict[str, Any], Security(mid, scopes=["a"])],
        again: Annotated[list[str], Security(leaf, scopes=["a", "b", "c"])],
        top: SecurityScopes,
    ) -> Any:
        return {"m": m, "again": again, "top": top.scopes, "top_str": top.scope_str}

    app.include_router(router)

    @app.get("/pw")
    def pw_endpoint(
        a: Annotated[dict[str, Any], Security(counted, scopes=["write"])],
        b: Annotated[str, Depends(pw)],
    ) -> Any:
        return {"a": a, "b": b, "calls": len(CALLS)}

    @app.websocket("/ws")
    async def ws(websocket: WebSocket, key: Annotated[str | None, Depends(ws_key)]) -> None:
        await websocket.accept()
        await websocket.send_json({"key": key})
        await websocket.close()

    return app


@pytest.fixture(scope="module", params=["asyncio", "trio"])
def env(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, list[Any], list[str]]]:
    with TestClient(build_app(), backend=request.param) as client:
        yield client, SEEN, CALLS


@pytest.mark.parametrize(("path", "data", "status", "body"), FORMS,
                         ids=[f"{p}-{sorted(d.items())}" for p, d, _, _ in FORMS])
def test_password_forms(env: Any, path: str, data: dict[str, str], status: int,
                        body: Any) -> None:
    response = env[0].post(path, data=data)
    assert (response.status_code, response.json()) == (status, body)


@pytest.mark.parametrize(("body_kwargs", "status", "body"), [
    ({"json": {"username": "u", "password": "p"}}, 422, {"detail": [
        {"type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": None},
        {"type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": None},
    ]}),
    ({}, 422, {"detail": [
        {"type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": None},
        {"type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": None},
    ]}),
])
def test_password_form_needs_a_form_body(env: Any, body_kwargs: dict[str, Any], status: int,
                                         body: Any) -> None:
    response = env[0].post("/token", **body_kwargs)
    assert (response.status_code, response.json()) == (status, body)


def test_password_form_direct_construction() -> None:
    form = OAuth2PasswordRequestForm(username="u", password="p", scope="a  b c")
    assert vars(form) == {"grant_type": None, "username": "u", "password": "p",
                          "scopes": ["a", "b", "c"], "client_id": None, "client_secret": None}
    strict = OAuth2PasswordRequestFormStrict("password", "u", "p")
    assert (strict.grant_type, strict.scopes) == ("password", [])


def headers(length: int, *extra: list[str]) -> list[list[str]]:
    return [*[list(e) for e in extra], ["content-length", str(length)], ["content-type", JSON]]


@pytest.mark.parametrize(("path", "kwargs", "status", "header_list", "body"), [
    ("/either", {}, 401, headers(30, ["www-authenticate", "Bearer"]),
     {"detail": "Not authenticated"}),
    ("/either", {"cookies": {"session": "s1"}}, 200, headers(29),
     {"via": "cookie", "value": "s1"}),
    ("/either", {"headers": {"Authorization": "Bearer t1"}}, 200, headers(29),
     {"via": "bearer", "value": "t1"}),
    ("/either", {"cookies": {"session": "s1"}, "headers": {"Authorization": "Bearer t1"}}, 200,
     headers(29), {"via": "cookie", "value": "s1"}),
    ("/legacy", {}, 403, headers(30), {"detail": "Not authenticated"}),
    ("/legacy", {"headers": {"Authorization": "Basic x"}}, 403, headers(30),
     {"detail": "Not authenticated"}),
    ("/legacy", {"headers": {"Authorization": "Bearer ok"}}, 200, headers(14), {"token": "ok"}),
    ("/pw", {}, 401, headers(30, ["www-authenticate", "Bearer"]),
     {"detail": "Not authenticated"}),
])
def test_schemes_in_dependency_trees(env: Any, path: str, kwargs: dict[str, Any], status: int,
                                     header_list: list[list[str]], body: Any) -> None:
    client = env[0]
    client.cookies.clear()
    response = client.get(path, **kwargs)
    client.cookies.clear()
    got = (response.status_code, [list(h) for h in response.headers.items()], response.json())
    assert got == (status, header_list, body)


def test_scopes_merge_in_order(env: Any) -> None:
    client, seen, _ = env
    seen.clear()
    response = client.get("/scopes")
    assert (response.status_code, response.json()) == (200, {
        "m": {"leaf": ["a", "b", "c"], "plain": ["a"], "mid": ["a"]},
        "again": ["a", "b", "c"], "top": [], "top_str": "",
    })
    # One call per distinct scope set: the route's ["a", "b", "c"] reuses mid's leaf.
    assert seen == [("leaf", ["router"], "router"), ("leaf", ["route"], "route"),
                    ("leaf", ["a", "b", "c"], "a b c")]


def test_shared_scheme_runs_once_per_request(env: Any) -> None:
    client, _, calls = env
    calls.clear()
    response = client.get("/pw", headers={"Authorization": "Bearer tk"})
    assert (response.status_code, response.json()) == (
        200, {"a": {"token": "tk", "scopes": ["write"]}, "b": "tk", "calls": 1}
    )


@pytest.mark.parametrize(("url", "key"), [("/ws?key=abc", "abc"), ("/ws", None)])
def test_scheme_in_a_websocket_endpoint(env: Any, url: str, key: str | None) -> None:
    with env[0].websocket_connect(url) as websocket:
        assert websocket.receive_json() == {"key": key}

"""The seed's "HTTP Basic Auth" and "OAuth2 scopes" programs end to end, on asyncio and trio.

``data/seed_*.json`` hold the request scenarios and FastAPI 0.165's whole answers to them
(status, header list, body), recorded by running the same two programs (``seed_*.py`` with
``fastapi`` imports) in a throwaway venv. A token endpoint's answer carries a fresh JWT, so
its ``access_token`` is compared by its claims (``exp`` aside); requests that need a token
carry ``token`` claims that each side signs with its own ``create_access_token``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

# pyjwt comes with the test extra; until an environment has it, say so instead of erroring.
jwt = pytest.importorskip("jwt", reason="the OAuth2 scopes program needs pyjwt (test extra)")

from testing import TestClient  # noqa: E402
from tests.security import seed_http_basic, seed_oauth2_scopes  # noqa: E402
from tests.security._matrix import load  # noqa: E402

BASIC = load("seed_http_basic.json")
SCOPES = load("seed_oauth2_scopes.json")


def normalize(path: str, status: int, body: str) -> Any:
    data = json.loads(body)
    if path == "/token" and status == 200:
        claims = jwt.decode(
            data["access_token"], seed_oauth2_scopes.SECRET_KEY,
            algorithms=[seed_oauth2_scopes.ALGORITHM],
        )
        claims.pop("exp")
        data["access_token"] = claims
    return data


def replay(client: TestClient, case: dict[str, Any]) -> dict[str, Any]:
    headers = dict(case.get("headers", {}))
    if "token" in case:
        token = seed_oauth2_scopes.create_access_token(
            case["token"], timedelta(minutes=case.get("minutes", 30))
        )
        headers["Authorization"] = f"Bearer {token}"
    response = client.request(case["method"], case["path"], headers=headers,
                              data=case.get("data"))
    got = {k: v for k, v in case.items() if k not in ("status", "response_headers", "body")}
    got["status"] = response.status_code
    headers_out = [list(h) for h in response.headers.items()]
    if case["path"] == "/token" and response.status_code == 200:
        # the token's length follows its exp timestamp; compare the rest of the list
        headers_out = [h for h in headers_out if h[0] != "content-length"]
    got["response_headers"] = headers_out
    got["body"] = normalize(case["path"], response.status_code, response.text)
    return got


def expected(case: dict[str, Any]) -> dict[str, Any]:
    case = dict(case)
    if case["path"] == "/token" and case["status"] == 200:
        case["response_headers"] = [h for h in case["response_headers"]
                                    if h[0] != "content-length"]
    return case


@pytest.fixture(scope="module", params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def basic_client(backend: str) -> Iterator[TestClient]:
    with TestClient(seed_http_basic.app, backend=backend) as client:
        yield client


@pytest.fixture(scope="module")
def scopes_client(backend: str) -> Iterator[TestClient]:
    with TestClient(seed_oauth2_scopes.app, backend=backend) as client:
        yield client


@pytest.mark.parametrize("case", BASIC["cases"], ids=[c["name"] for c in BASIC["cases"]])
def test_http_basic_program(basic_client: TestClient, case: dict[str, Any]) -> None:
    assert replay(basic_client, case) == expected(case)


@pytest.mark.parametrize("case", SCOPES["cases"], ids=[c["name"] for c in SCOPES["cases"]])
def test_oauth2_scopes_program(scopes_client: TestClient, case: dict[str, Any]) -> None:
    assert replay(scopes_client, case) == expected(case)


def test_oauth2_scopes_login_then_use_the_token(scopes_client: TestClient) -> None:
    """The documented flow: get a token for some scopes, then call what they allow."""
    login = scopes_client.post(
        "/token", data={"username": "johndoe", "password": "secret", "scope": "me"}
    )
    assert login.status_code == 200
    token = login.json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    me = scopes_client.get("/users/me/", headers=auth)
    assert (me.status_code, me.json()) == (200, {
        "username": "johndoe", "email": "johndoe@example.com", "full_name": "John Doe",
        "disabled": False,
    })
    items = scopes_client.get("/users/me/items/", headers=auth)
    assert (items.status_code, items.headers["www-authenticate"], items.json()) == (
        401, 'Bearer scope="items me"', {"detail": "Not enough permissions"}
    )
    status = scopes_client.get("/status/", headers=auth)
    assert (status.status_code, status.json()) == (200, {"status": "ok"})

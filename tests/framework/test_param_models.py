"""Parameter models for headers, cookies and forms, with ``extra="forbid"``, and dependencies
declared on the app, router and route — FastAPI 0.165's answers for the same program."""

from typing import Annotated

import pytest
from pydantic import BaseModel

from framework import APIRouter, App, Cookie, Depends, Form, Header
from testing import TestClient

BACKENDS = ["asyncio", "trio"]


class H(BaseModel):
    model_config = {"extra": "forbid"}
    x_token: str
    accept: str | None = None


class C(BaseModel):
    session_id: str
    tracker: str | None = None


class F(BaseModel):
    model_config = {"extra": "forbid"}
    username: str
    tags: list[str] = []


def build_app() -> App:
    app = App()

    @app.get("/h")
    def h(p: Annotated[H, Header()]):
        return p

    @app.get("/c")
    def c(p: Annotated[C, Cookie()]):
        return p

    @app.post("/f")
    def f(p: Annotated[F, Form()]):
        return p

    return app


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest) -> TestClient:
    return TestClient(build_app(), backend=request.param)


def extra(name: str, value: str) -> dict:
    return {"type": "extra_forbidden", "loc": ["header", name], "msg": "Extra inputs are not permitted", "input": value}


def test_header_model(client: TestClient) -> None:
    # The TestClient's own headers are extra to a model that forbids extras, as in FastAPI.
    r = client.get("/h", headers={"x-token": "t"})
    assert r.json() == {
        "detail": [
            extra("host", "testserver"),
            extra("accept-encoding", "gzip, deflate"),
            extra("connection", "keep-alive"),
            extra("user-agent", "testclient"),
        ]
    }
    r = client.get("/h")
    assert r.text == (
        '{"detail":[{"type":"missing","loc":["header","x-token"],"msg":"Field required",'
        '"input":{"accept":"*/*","host":"testserver","accept-encoding":"gzip, deflate",'
        '"connection":"keep-alive","user-agent":"testclient"}},'
        '{"type":"extra_forbidden","loc":["header","host"],"msg":"Extra inputs are not permitted","input":"testserver"},'
        '{"type":"extra_forbidden","loc":["header","accept-encoding"],"msg":"Extra inputs are not permitted","input":"gzip, deflate"},'
        '{"type":"extra_forbidden","loc":["header","connection"],"msg":"Extra inputs are not permitted","input":"keep-alive"},'
        '{"type":"extra_forbidden","loc":["header","user-agent"],"msg":"Extra inputs are not permitted","input":"testclient"}]}'
    )


def test_cookie_model(client: TestClient) -> None:
    assert client.get("/c", cookies={"session_id": "s"}).text == '{"session_id":"s","tracker":null}'
    assert client.get("/c").text == (
        '{"detail":[{"type":"missing","loc":["cookie","session_id"],"msg":"Field required","input":{}}]}'
    )


def test_form_model(client: TestClient) -> None:
    r = client.post("/f", data={"username": "u", "tags": ["a", "b"]})
    assert r.text == '{"username":"u","tags":["a","b"]}'
    assert client.post("/f", data={"username": "u", "zz": "1"}).text == (
        '{"detail":[{"type":"extra_forbidden","loc":["body","zz"],"msg":"Extra inputs are not permitted","input":"1"}]}'
    )
    assert client.post("/f", data={}).text == (
        '{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required","input":{}}]}'
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_dependencies_on_app_router_and_route_run_in_that_order(backend: str) -> None:
    log: list[str] = []
    router = APIRouter(dependencies=[Depends(lambda: log.append("router"))])

    @router.get("/d", dependencies=[Depends(lambda: log.append("route"))])
    def d():
        log.append("endpoint")
        return log

    app = App(dependencies=[Depends(lambda: log.append("app"))])
    app.include_router(router)
    assert TestClient(app, backend=backend).get("/d").json() == ["app", "router", "route", "endpoint"]

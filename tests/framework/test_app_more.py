"""Class and callable-instance dependencies, sync generators, dataclass and TypedDict bodies,
included routers, exception handlers by status and class, 500s, WebSocket parameters and
WebSocketException — expected answers observed from FastAPI 0.165 on the same program."""

import dataclasses
from typing import Annotated

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from framework import (
    APIRouter,
    App,
    Cookie,
    Depends,
    Header,
    HTTPException,
    Request,
    WebSocket,
    WebSocketDisconnect,
    WebSocketException,
    status,
)
from framework.responses import HTMLResponse, PlainTextResponse
from testing import TestClient

BACKENDS = ["asyncio", "trio"]
JSON = ("content-type", "application/json")


class Pager:
    def __init__(self, skip: int = 0, limit: int = 10):
        self.skip, self.limit = skip, limit


class Checker:
    def __init__(self, fixed: str):
        self.fixed = fixed

    def __call__(self, q: str = ""):
        return self.fixed in q


checker = Checker("bar")


def sync_gen():
    yield "sg"


@dataclasses.dataclass
class DC:
    name: str
    n: int = 1


class TD(TypedDict):
    a: int


class MyErr(Exception):
    pass


class Out(BaseModel):
    v: int


def build_app() -> App:
    app = App()

    @app.get("/cls")
    def cls(
        p: Annotated[Pager, Depends()],
        ok: Annotated[bool, Depends(checker)],
        g: Annotated[str, Depends(sync_gen)],
    ):
        return {"skip": p.skip, "limit": p.limit, "ok": ok, "g": g}

    @app.post("/dc")
    def dc(item: DC) -> DC:
        return item

    @app.post("/td")
    def td(item: TD):
        return item

    router = APIRouter(prefix="/r", tags=["r"], responses={404: {"description": "nf"}})

    @router.get("/x", tags=["x"])
    def rx():
        return "rx"

    @router.get("/")
    def rroot():
        return "rroot"

    app.include_router(router, prefix="/v1")

    @app.exception_handler(418)
    async def teapot(request: Request, exc: HTTPException):
        return PlainTextResponse(f"tea {exc.detail}", status_code=418)

    @app.exception_handler(MyErr)
    async def myerr(request: Request, exc: MyErr):
        return HTMLResponse("<i>my</i>", status_code=409)

    @app.get("/tea")
    def tea():
        raise HTTPException(418, "pot")

    @app.get("/my")
    def my():
        raise MyErr()

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    @app.websocket("/ws")
    async def ws(
        websocket: WebSocket,
        x_h: Annotated[str | None, Header()] = None,
        sid: Annotated[str | None, Cookie()] = None,
        dep: Annotated[bool, Depends(checker)] = False,
    ):
        if x_h == "bad":
            raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="bad header")
        await websocket.accept()
        await websocket.send_json({"h": x_h, "sid": sid, "dep": dep})
        await websocket.close()

    return app


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest) -> TestClient:
    return TestClient(build_app(), backend=request.param, raise_server_exceptions=False)


def whole(r):
    return r.status_code, r.headers.multi_items(), r.text


def test_class_instance_and_sync_generator_dependencies(client: TestClient) -> None:
    body = '{"skip":2,"limit":10,"ok":true,"g":"sg"}'
    assert whole(client.get("/cls?skip=2&q=foobar")) == (
        200, [("content-length", str(len(body))), JSON], body
    )


def test_dataclass_body_and_return(client: TestClient) -> None:
    assert client.post("/dc", json={"name": "a"}).text == '{"name":"a","n":1}'
    r = client.post("/dc", json={"n": "x"})
    assert r.status_code == 422
    assert r.text == (
        '{"detail":[{"type":"missing","loc":["body","name"],"msg":"Field required",'
        '"input":{"n":"x"}},{"type":"int_parsing","loc":["body","n"],"msg":"Input should be a '
        'valid integer, unable to parse string as an integer","input":"x"}]}'
    )


def test_typeddict_body(client: TestClient) -> None:
    assert client.post("/td", json={"a": "1"}).text == '{"a":1}'
    assert client.post("/td", json={}).text == (
        '{"detail":[{"type":"missing","loc":["body","a"],"msg":"Field required","input":{}}]}'
    )


def test_included_router_prefixes_and_slash_redirect(client: TestClient) -> None:
    assert client.get("/v1/r/x").text == '"rx"'
    assert client.get("/v1/r/").text == '"rroot"'
    r = client.get("/v1/r", follow_redirects=False)
    assert (r.status_code, r.headers.multi_items()) == (
        307, [("content-length", "0"), ("location", "http://testserver/v1/r/")]
    )
    assert client.get("/v1/r").text == '"rroot"'
    routes = {r.path: r for r in client.app.routes if hasattr(r, "tags")}
    assert routes["/v1/r/x"].tags == ["r", "x"]
    assert routes["/v1/r/x"].responses == {404: {"description": "nf"}}


def test_exception_handlers_by_status_and_class(client: TestClient) -> None:
    assert whole(client.get("/tea")) == (
        418, [("content-length", "7"), ("content-type", "text/plain; charset=utf-8")], "tea pot"
    )
    assert whole(client.get("/my")) == (
        409, [("content-length", "9"), ("content-type", "text/html; charset=utf-8")], "<i>my</i>"
    )


def test_unhandled_error_is_plain_500(client: TestClient) -> None:
    assert whole(client.get("/boom")) == (
        500,
        [("content-length", "21"), ("content-type", "text/plain; charset=utf-8")],
        "Internal Server Error",
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_unhandled_error_reraised_to_the_server(backend: str) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        TestClient(build_app(), backend=backend).get("/boom")


def test_websocket_params_and_exception(client: TestClient) -> None:
    with client.websocket_connect("/ws?q=bar", headers={"x-h": "v"}, cookies={"sid": "s1"}) as w:
        assert w.receive_json() == {"h": "v", "sid": "s1", "dep": True}
    with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect(
        "/ws", headers={"x-h": "bad"}
    ) as w:
        w.receive_json()
    assert (info.value.code, info.value.reason) == (1008, "bad header")


def test_on_event_is_deprecated_but_works() -> None:
    app = App()
    calls = []
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):

        @app.on_event("startup")
        def started():
            calls.append("started")

    with TestClient(app):
        assert calls == ["started"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_debug_page(backend: str) -> None:
    app = App(debug=True)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    client = TestClient(app, backend=backend, raise_server_exceptions=False)
    r = client.get("/boom", headers={"accept": "text/html"})
    assert r.status_code == 500
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "RuntimeError: kaboom" in r.text
    r = client.get("/boom")
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text.startswith("Traceback") and r.text.rstrip().endswith("RuntimeError: kaboom")

"""Response models, response classes, the Response parameter, lifespan state, background
tasks, mounts and WebSocket parameters — each as FastAPI 0.165 answers the same program."""


from contextlib import asynccontextmanager

import pytest
from pydantic import BaseModel

from framework import App, BackgroundTasks, Request, Response, WebSocket, WebSocketDisconnect
from framework.exceptions import FrameworkError, ResponseValidationError
from framework.responses import HTMLResponse
from testing import TestClient

BACKENDS = ["asyncio", "trio"]


class UserIn(BaseModel):
    name: str
    password: str
    tags: list[str] = []
    nick: str | None = None


class UserOut(BaseModel):
    name: str
    tags: list[str] = []
    nick: str | None = None


def build_app(log: list[str]) -> App:
    @asynccontextmanager
    async def lifespan(app):
        log.append("start")
        yield {"db": "x"}
        log.append("stop")

    app = App(lifespan=lifespan)

    @app.post("/u", response_model=UserOut)
    def u(user: UserIn):
        return user

    @app.post("/u2", response_model=UserOut, response_model_exclude_unset=True)
    def u2(user: UserIn):
        return user

    @app.get("/u3", response_model=UserOut, response_model_exclude={"tags"})
    def u3():
        return {"name": "a", "tags": ["x"], "password": "p"}

    @app.get("/same", response_model=UserOut, response_model_exclude_unset=True)
    def same():
        return UserOut(name="s")

    @app.get("/bad", response_model=UserOut)
    def bad():
        return {"nope": 1}

    @app.get("/html", response_class=HTMLResponse)
    def html():
        return "<b>x</b>"

    @app.get("/st")
    def st(request: Request):
        return {"db": request.state.db}

    @app.get("/bg")
    def bg(background_tasks: BackgroundTasks):
        background_tasks.add_task(log.append, "task")
        return "ok"

    @app.get("/annot")
    def annot() -> UserOut:
        return UserIn(name="n", password="p")

    @app.delete("/d", status_code=204)
    def d():
        return None

    @app.get("/r")
    def r(response: Response):
        response.headers["X-A"] = "1"
        response.set_cookie("c", "v")
        response.status_code = 201
        return {"ok": True}

    @app.get("/rr")
    def rr(response: Response):
        response.headers["X-A"] = "1"
        return Response("x", media_type="text/plain")

    @app.get("/none")
    def none():
        return None

    sub = App()

    @sub.get("/sub")
    def subr(request: Request):
        return {"root": request.scope.get("root_path"), "url": str(request.url_for("subr"))}

    app.mount("/subapi", sub)

    @app.websocket("/ws/{cid}")
    async def ws(websocket: WebSocket, cid: int, q: str | None = None):
        await websocket.accept()
        t = await websocket.receive_text()
        await websocket.send_text(f"{cid}:{q}:{t}")
        await websocket.close()

    return app


@pytest.mark.parametrize("backend", BACKENDS)
def test_whole_program(backend: str) -> None:
    log: list[str] = []
    json_type = ("content-type", "application/json")
    with TestClient(build_app(log), backend=backend) as c:
        assert log == ["start"]
        r = c.post("/u", json={"name": "a", "password": "p"})
        assert (r.status_code, r.text) == (200, '{"name":"a","tags":[],"nick":null}')
        assert r.headers.multi_items() == [("content-length", "34"), json_type]
        r = c.post("/u2", json={"name": "a", "password": "p", "nick": None})
        assert r.text == '{"name":"a","tags":[],"nick":null}'
        assert c.get("/u3").text == '{"name":"a","nick":null}'
        assert c.get("/same").text == '{"name":"s"}'
        r = c.get("/html")
        assert r.headers.multi_items() == [
            ("content-length", "8"), ("content-type", "text/html; charset=utf-8")
        ]
        assert r.text == "<b>x</b>"
        assert c.get("/st").json() == {"db": "x"}
        assert c.get("/bg").json() == "ok"
        assert log == ["start", "task"]
        assert c.get("/annot").text == '{"name":"n","tags":[],"nick":null}'
        r = c.delete("/d")
        assert (r.status_code, r.headers.multi_items(), r.content) == (204, [json_type], b"")
        r = c.get("/r")
        assert r.status_code == 201
        assert r.headers.multi_items() == [
            ("content-length", "11"), json_type, ("x-a", "1"),
            ("set-cookie", "c=v; Path=/; SameSite=lax"),
        ]
        r = c.get("/rr")
        assert r.headers.multi_items() == [
            ("content-length", "1"), ("content-type", "text/plain; charset=utf-8")
        ]
        assert c.get("/none").content == b"null"
        r = c.get("/subapi/sub")
        assert r.json() == {"root": "/subapi", "url": "http://testserver/subapi/sub"}
        with c.websocket_connect("/ws/3?q=z") as w:
            w.send_text("hi")
            assert w.receive_text() == "3:z:hi"
        with pytest.raises(WebSocketDisconnect) as info, c.websocket_connect("/ws/x") as w:
            w.receive_text()
        assert info.value.code == 1008
        # FastAPI passes the error list as the reason; Keel sends it as JSON text cut to the
        # 123-byte limit of a WebSocket close reason (the ASGI spec wants a str).
        assert info.value.reason == (
            '[{"type":"int_parsing","loc":["path","cid"],"msg":"Input should be a valid '
            'integer, unable to parse string as an integer","'
        )
        with pytest.raises(ResponseValidationError) as bad:
            c.get("/bad")
        assert bad.value.errors() == [
            {"type": "missing", "loc": ("response", "name"), "msg": "Field required", "input": {"nope": 1}}
        ]
    assert log == ["start", "task", "stop"]


def test_configuration_errors_name_the_route() -> None:
    app = App()
    with pytest.raises(FrameworkError, match=r"\[GET /items/\{item_id\}\].*item_id"):

        @app.get("/items/{item_id}")
        def read(item_id: int = 3):
            return item_id

    with pytest.raises(FrameworkError, match=r"\[DELETE /d\].*204"):

        @app.delete("/d", status_code=204, response_model=UserOut)
        def d():
            return None

"""Files and forms together, path convertors with root_path, response-model dump flags and
multi-method operations — expected answers observed from FastAPI 0.165."""

from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from framework import App, File, Form, Request, UploadFile
from testing import TestClient

BACKENDS = ["asyncio", "trio"]


class M(BaseModel):
    the_name: str = Field(alias="theName")
    d: int = 1
    z: int | None = None


def build_app() -> App:
    app = App(root_path="/api/v1")

    @app.post("/files")
    async def files(
        file: Annotated[bytes, File()],
        up: UploadFile,
        many: list[UploadFile],
        note: Annotated[str, Form()] = "n",
    ):
        return {
            "size": len(file),
            "name": up.filename,
            "ct": up.content_type,
            "up": (await up.read()).decode(),
            "many": [m.filename for m in many],
            "note": note,
        }

    @app.get("/p/{file_path:path}")
    def p(file_path: str, request: Request):
        return {"fp": file_path, "url": str(request.url), "for": str(request.url_for("p", file_path="a/b"))}

    @app.get("/alias", response_model=M, response_model_exclude_defaults=True)
    def alias():
        return {"theName": "x", "d": 1, "z": 3}

    @app.get("/alias2", response_model=M, response_model_by_alias=False, response_model_exclude_none=True)
    def alias2():
        return {"theName": "x"}

    @app.api_route("/multi", methods=["GET", "POST"])
    def multi(request: Request):
        return request.method

    return app


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest) -> TestClient:
    return TestClient(build_app(), backend=request.param)


def test_files_and_form_fields(client: TestClient) -> None:
    r = client.post(
        "/files",
        files=[
            ("file", ("a.bin", b"12345")),
            ("up", ("u.txt", b"hello", "text/plain")),
            ("many", ("m1", b"1")),
            ("many", ("m2", b"2")),
        ],
        data={"note": "hi"},
    )
    assert (r.status_code, r.text) == (
        200,
        '{"size":5,"name":"u.txt","ct":"text/plain","up":"hello","many":["m1","m2"],"note":"hi"}',
    )
    r = client.post("/files", files=[("up", ("u.txt", b"hello", "text/plain"))])
    assert (r.status_code, r.text) == (
        422,
        '{"detail":[{"type":"missing","loc":["body","file"],"msg":"Field required","input":null},'
        '{"type":"missing","loc":["body","many"],"msg":"Field required","input":null}]}',
    )


def test_path_convertor_and_url_for_under_root_path(client: TestClient) -> None:
    r = client.get("/p/x/y.txt")
    assert r.text == (
        '{"fp":"x/y.txt","url":"http://testserver/p/x/y.txt","for":"http://testserver/api/v1/p/a/b"}'
    )


def test_dump_flags(client: TestClient) -> None:
    assert client.get("/alias").text == '{"theName":"x","z":3}'
    assert client.get("/alias2").text == '{"the_name":"x","d":1}'


def test_several_methods(client: TestClient) -> None:
    assert client.post("/multi").text == '"POST"'
    assert client.get("/multi").text == '"GET"'
    r = client.put("/multi")
    assert (r.status_code, r.headers["allow"], r.text) == (405, "GET, POST", '{"detail":"Method Not Allowed"}')


@pytest.mark.parametrize("backend", BACKENDS)
def test_orjson_and_ujson_response_classes(backend: str) -> None:
    from framework.responses import ORJSONResponse, UJSONResponse

    app = App(default_response_class=ORJSONResponse)

    @app.get("/o")
    def o():
        return {"a": [1, 2], "é": None}

    @app.get("/u", response_class=UJSONResponse)
    def u():
        return {"a": [1, 2], "é": None}

    client = TestClient(app, backend=backend)
    for path in ("/o", "/u"):
        r = client.get(path)
        assert r.headers.multi_items() == [
            ("content-length", str(len(r.content))), ("content-type", "application/json")
        ]
        assert r.content == '{"a":[1,2],"é":null}'.encode()

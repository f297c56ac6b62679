"""Path operations with every parameter kind, answered exactly as FastAPI answers.

Expected bodies were observed from FastAPI 0.165 running the same programs.
"""


from typing import Annotated

import pytest
from pydantic import BaseModel

from framework import App, Body, Cookie, Form, Header, Query
from testing import TestClient

BACKENDS = ["asyncio", "trio"]


class Item(BaseModel):
    name: str
    price: float


class QueryModel(BaseModel):
    model_config = {"extra": "forbid"}
    limit: int = 10
    tags: list[str] = []


def build_app() -> App:
    app = App()

    @app.get("/items/{item_id}")
    def read(
        item_id: int,
        q: Annotated[str, Query(min_length=3)],
        x_token: Annotated[str | None, Header()] = None,
        tags: Annotated[list[str], Query()] = [],
    ):
        return {"item_id": item_id, "q": q, "x": x_token, "tags": tags}

    @app.post("/items")
    def create(item: Item):
        return item

    @app.post("/two")
    def two(item: Item, n: Annotated[int, Body()]):
        return {"item": item, "n": n}

    @app.post("/s")
    def s(v: Annotated[str, Body()]):
        return v

    @app.post("/e")
    def e(item: Annotated[Item, Body(embed=True)]):
        return item

    @app.post("/form")
    def form(a: Annotated[int, Form()], b: Annotated[list[str], Form()] = []):
        return [a, b]

    @app.get("/qm")
    def qm(p: Annotated[QueryModel, Query()]):
        return p

    @app.get("/hdr")
    def hdr(
        user_agent: Annotated[str, Header()],
        ads_id: Annotated[str | None, Cookie()] = None,
        x: Annotated[list[str] | None, Header()] = None,
    ):
        return [user_agent, ads_id, x]

    @app.get("/f")
    def f():
        return {"b": "é", "c": 1.0}

    return app


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest) -> TestClient:
    return TestClient(build_app(), backend=request.param)


def test_path_and_query_errors_together(client: TestClient) -> None:
    r = client.get("/items/x")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["path", "item_id"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "x",
            },
            {"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": None},
        ]
    }


def test_constraint_error_carries_ctx(client: TestClient) -> None:
    r = client.get("/items/5?q=ab&tags=a&tags=b")
    assert r.status_code == 422
    assert r.text == (
        '{"detail":[{"type":"string_too_short","loc":["query","q"],'
        '"msg":"String should have at least 3 characters","input":"ab","ctx":{"min_length":3}}]}'
    )


def test_valid_request_with_list_query(client: TestClient) -> None:
    r = client.get("/items/5?q=abc&tags=a&tags=b", headers={"x-token": "t"})
    assert r.status_code == 200
    assert r.headers["content-length"] == str(len(r.content))
    assert r.json() == {"item_id": 5, "q": "abc", "x": "t", "tags": ["a", "b"]}


def test_missing_body(client: TestClient) -> None:
    r = client.post("/items")
    assert r.status_code == 422
    assert r.json() == {
        "detail": [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
    }


def test_invalid_json_with_json_content_type(client: TestClient) -> None:
    r = client.post("/items", content=b'{"name": "x"', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            {
                "type": "json_invalid",
                "loc": ["body", 12],
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": "Expecting ',' delimiter"},
            }
        ]
    }


def test_json_sent_as_text_plain_is_not_parsed(client: TestClient) -> None:
    r = client.post(
        "/items", content=b'{"name":"a","price":1}', headers={"content-type": "text/plain"}
    )
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            {
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": '{"name":"a","price":1}',
            }
        ]
    }


def test_vendor_json_content_type_is_parsed(client: TestClient) -> None:
    r = client.post(
        "/items", content=b'{"name": "x", "price": 2}', headers={"content-type": "application/vnd.api+json"}
    )
    assert (r.status_code, r.json()) == (200, {"name": "x", "price": 2.0})


def test_model_body_errors(client: TestClient) -> None:
    r = client.post("/items", json={"name": 1})
    assert r.json() == {
        "detail": [
            {"type": "string_type", "loc": ["body", "name"], "msg": "Input should be a valid string", "input": 1},
            {"type": "missing", "loc": ["body", "price"], "msg": "Field required", "input": {"name": 1}},
        ]
    }


def test_two_body_params_are_embedded(client: TestClient) -> None:
    r = client.post("/two", json={"item": {"name": "a"}})
    assert r.json() == {
        "detail": [
            {"type": "missing", "loc": ["body", "item", "price"], "msg": "Field required", "input": {"name": "a"}},
            {"type": "missing", "loc": ["body", "n"], "msg": "Field required", "input": None},
        ]
    }
    r = client.post("/two", json={"item": {"name": "a", "price": 1}, "n": "3"})
    assert (r.status_code, r.json()) == (200, {"item": {"name": "a", "price": 1.0}, "n": 3})


def test_body_without_content_type_is_not_json_by_default(client: TestClient) -> None:
    # FastAPI 0.165's strict_content_type=True default: no Content-Type, no JSON parsing.
    assert client.post("/s", content=b'"abc').json() == '"abc'
    assert client.post("/s", content=b'"abc"').json() == '"abc"'
    r = client.post("/items", content=b'{"name": "x", "price": 1}')
    assert r.json()["detail"][0]["type"] == "model_attributes_type"
    r = client.post("/s", content=b"abc", headers={"content-type": "application/json"})
    assert r.json() == {
        "detail": [
            {"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}, "ctx": {"error": "Expecting value"}}
        ]
    }


def test_embedded_body(client: TestClient) -> None:
    missing = {"detail": [{"type": "missing", "loc": ["body", "item"], "msg": "Field required", "input": None}]}
    assert client.post("/e", json={"name": "x"}).json() == missing
    assert client.post("/e", json={}).json() == missing
    r = client.post("/e", json={"item": {"name": "x", "price": 1}})
    assert (r.status_code, r.json()) == (200, {"name": "x", "price": 1.0})


def test_form_fields(client: TestClient) -> None:
    r = client.post("/form", data={"a": "x"})
    assert r.json() == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["body", "a"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "x",
            }
        ]
    }
    r = client.post("/form", data={"a": "1", "b": ["p", "q"]})
    assert (r.status_code, r.json()) == (200, [1, ["p", "q"]])


def test_query_parameter_model(client: TestClient) -> None:
    r = client.get("/qm?limit=x&zzz=1")
    assert r.json() == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["query", "limit"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "x",
            },
            {"type": "extra_forbidden", "loc": ["query", "zzz"], "msg": "Extra inputs are not permitted", "input": "1"},
        ]
    }
    assert client.get("/qm?tags=a&tags=b").json() == {"limit": 10, "tags": ["a", "b"]}


def test_headers_and_cookies(client: TestClient) -> None:
    r = client.get("/hdr", headers={"x": "1"}, cookies={"ads_id": "z"})
    assert (r.status_code, r.json()) == (200, ["testclient", "z", ["1"]])


def test_unicode_json_and_floats(client: TestClient) -> None:
    r = client.get("/f")
    assert r.content == '{"b":"é","c":1.0}'.encode()


def test_not_found_and_method_not_allowed(client: TestClient) -> None:
    r = client.get("/nope")
    assert (r.status_code, r.text) == (404, '{"detail":"Not Found"}')
    r = client.delete("/f")
    assert r.status_code == 405
    assert r.headers["allow"] == "GET"
    assert r.text == '{"detail":"Method Not Allowed"}'
    r = client.head("/f")
    assert (r.status_code, r.headers["allow"], r.content) == (405, "GET", b"")


@pytest.mark.parametrize("backend", BACKENDS)
def test_lenient_content_type_reads_missing_as_json(backend: str) -> None:
    app = App(strict_content_type=False)

    @app.post("/items")
    def create(item: Item):
        return item

    client = TestClient(app, backend=backend)
    r = client.post("/items", content=b'{"name": "x", "price": 1}')
    assert (r.status_code, r.json()) == (200, {"name": "x", "price": 1.0})
    r = client.post("/items", content=b"{bad")
    assert r.json() == {
        "detail": [
            {"type": "json_invalid", "loc": ["body", 1], "msg": "JSON decode error", "input": {},
             "ctx": {"error": "Expecting property name enclosed in double quotes"}}
        ]
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_error_order_is_path_query_header_cookie_body(backend: str) -> None:
    app = App()

    @app.post("/o/{item_id}")
    def o(
        q: int,
        c: Annotated[int, Cookie()],
        h: Annotated[int, Header()],
        item_id: int,
        b: Annotated[int, Body()],
    ):
        return 1

    client = TestClient(app, backend=backend)
    r = client.post("/o/x?q=x", headers={"h": "x"}, cookies={"c": "x"}, json={"b": "x"})
    assert [e["loc"] for e in r.json()["detail"]] == [
        ["path", "item_id"], ["query", "q"], ["header", "h"], ["cookie", "c"], ["body"]
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_optional_body_may_be_omitted(backend: str) -> None:
    app = App()

    @app.put("/n")
    def n(note: Item | None = None):
        return {"note": note}

    client = TestClient(app, backend=backend)
    assert client.put("/n").json() == {"note": None}
    assert client.put("/n", json={"name": "a", "price": 1}).json() == {"note": {"name": "a", "price": 1.0}}

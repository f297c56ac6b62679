"""Seed "Using the Request Directly": ``request.client.host`` beside validated parameters."""

from __future__ import annotations

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


def test_client_host(anyio_backend: Backend) -> None:
    example = load("using_the_request_directly.client_host")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/items/foo")) == (
        200,
        [("content-length", "44"), ("content-type", JSON)],
        b'{"client_host":"testclient","item_id":"foo"}',
    )
    other = TestClient(example.app, backend=anyio_backend, client=("203.0.113.9", 4321))
    assert parts(other.get("/items/bar")) == (
        200,
        [("content-length", "45"), ("content-type", JSON)],
        b'{"client_host":"203.0.113.9","item_id":"bar"}',
    )


def test_request_beside_a_validated_body(anyio_backend: Backend) -> None:
    example = load("using_the_request_directly.request_and_body")
    client = TestClient(example.app, backend=anyio_backend)
    ok = client.post("/items/3?x=1", json={"name": "Foo", "price": 2})
    body = (
        b'{"item_id":3,"item":{"name":"Foo","price":2.0},'
        b'"raw_body":"{\\"name\\":\\"Foo\\",\\"price\\":2}","method":"POST",'
        b'"content_type":"application/json","query":{"x":"1"}}'
    )
    assert parts(ok) == (200, [("content-length", "159"), ("content-type", JSON)], body)
    invalid = client.post("/items/three", json={"name": "Foo"})
    error = (
        b'{"detail":[{"type":"int_parsing","loc":["path","item_id"],'
        b'"msg":"Input should be a valid integer, unable to parse string as an integer",'
        b'"input":"three"},{"type":"missing","loc":["body","price"],"msg":"Field required",'
        b'"input":{"name":"Foo"}}]}'
    )
    assert parts(invalid) == (422, [("content-length", "242"), ("content-type", JSON)], error)

"""The streaming example programs (``examples/streaming``) answer what FastAPI 0.165 answered.

Each case ran against the same program with ``fastapi`` imports; the expected status, header
list and body below are FastAPI's. Every test runs on asyncio and trio.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from examples.streaming import jsonl_app, sse_app
from testing import TestClient

SSE_HEADERS = [
    ("content-type", "text/event-stream; charset=utf-8"),
    ("cache-control", "no-cache"),
    ("x-accel-buffering", "no"),
]
JSONL_HEADERS = [("content-type", "application/jsonl")]


def exchange(app: Any, backend: str, method: str, url: str, **kwargs: Any) -> tuple[Any, ...]:
    with TestClient(app, backend=backend) as client:
        resp = client.request(method, url, **kwargs)
    return resp.status_code, list(resp.headers.items()), resp.content


JSONL_CASES: list[tuple[str, int, list[tuple[str, str]], bytes]] = [
    ("/items", 200, JSONL_HEADERS, (
        b'{"name":"Portal Gun","price":999.9,"tags":["science"]}\n'
        b'{"name":"Plumbus","price":32.0,"tags":[]}\n'
        b'{"name":"Meeseeks Box","price":150.5,"tags":["magic","helpers"]}\n'
    )),
    ("/items?limit=1", 200, JSONL_HEADERS,
     b'{"name":"Portal Gun","price":999.9,"tags":["science"]}\n'),
    ("/items/report", 200, JSONL_HEADERS, (
        b'{"name":"PORTAL GUN","price":1199.88,"tags":[]}\n'
        b'{"name":"PLUMBUS","price":38.4,"tags":[]}\n'
        b'{"name":"MEESEEKS BOX","price":180.6,"tags":[]}\n'
    )),
    ("/completions?prompt=a+b+c", 200, JSONL_HEADERS, (
        b'{"index":0,"text":"a","final":false}\n'
        b'{"index":1,"text":"b","final":false}\n'
        b'{"index":2,"text":"c","final":true}\n'
    )),
    ("/export", 200, JSONL_HEADERS, (
        b'{"exported_at": "2024-01-02", "count": 3}\n'
        b'{"name": "Portal Gun", "price": 999.9, "tags": ["science"]}\n'
        b'{"name": "Plumbus", "price": 32.0}\n'
        b'{"name": "Meeseeks Box", "price": 150.5, "tags": ["magic", "helpers"]}\n'
    )),
    ("/items?limit=-1", 422, [("content-length", "145"), ("content-type", "application/json")], (
        b'{"detail":[{"type":"greater_than_equal","loc":["query","limit"],'
        b'"msg":"Input should be greater than or equal to 0","input":"-1","ctx":{"ge":0}}]}'
    )),
]


@pytest.mark.parametrize(("url", "status", "headers", "body"), JSONL_CASES)
def test_jsonl_example(
    anyio_backend: str, url: str, status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    assert exchange(jsonl_app.app, anyio_backend, "GET", url) == (status, headers, body)


def notification(number: int, text: str) -> bytes:
    return (
        b'event: notification\ndata: {"text": "%s"}\nid: %d\nretry: 5000\n\n'
        % (text.encode(), number)
    )


SSE_CASES: list[tuple[str, str, dict[str, Any], int, list[tuple[str, str]], bytes]] = [
    ("GET", "/items", {}, 200, SSE_HEADERS,
     b'data: {"name":"Portal Gun","price":999.9}\n\ndata: {"name":"Plumbus","price":32.0}\n\n'),
    ("GET", "/notifications", {}, 200, SSE_HEADERS, b"".join([
        notification(0, "build started"), notification(1, "tests passed"),
        notification(2, "deployed to staging"), notification(3, "deployed"),
    ])),
    ("GET", "/notifications", {"headers": {"last-event-id": "1"}}, 200, SSE_HEADERS,
     notification(2, "deployed to staging") + notification(3, "deployed")),
    ("GET", "/notifications", {"headers": {"last-event-id": "zz"}}, 422,
     [("content-length", "159"), ("content-type", "application/json")], (
         b'{"detail":[{"type":"int_parsing","loc":["header","last-event-id"],'
         b'"msg":"Input should be a valid integer, unable to parse string as an integer",'
         b'"input":"zz"}]}'
     )),
    ("GET", "/logs", {}, 200, SSE_HEADERS,
     b": tail of app.log\n\nevent: log\ndata: GET / 200\ndata: GET /items 200\n\n"),
    ("POST", "/chat", {"json": {"prompt": "hi there  you"}}, 200, SSE_HEADERS, (
        b'event: token\ndata: "hi"\n\nevent: token\ndata: "there"\n\n'
        b'event: token\ndata: "you"\n\nevent: done\ndata: {"tokens": 3}\n\n'
    )),
    ("POST", "/chat", {"json": {"nope": 1}}, 422,
     [("content-length", "97"), ("content-type", "application/json")],
     b'{"detail":[{"type":"missing","loc":["body","prompt"],"msg":"Field required",'
     b'"input":{"nope":1}}]}'),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "headers", "body"), SSE_CASES)
def test_sse_example(
    anyio_backend: str, method: str, url: str, kwargs: dict[str, Any], status: int,
    headers: list[tuple[str, str]], body: bytes,
) -> None:
    result = exchange(sse_app.app, anyio_backend, method, url, **kwargs)
    assert result == (status, headers, body)


def test_sse_example_page_opens_an_event_source(anyio_backend: str) -> None:
    status, headers, body = exchange(sse_app.app, anyio_backend, "GET", "/")
    assert (status, headers) == (200, [
        ("content-length", str(len(sse_app.PAGE.encode()))),
        ("content-type", "text/html; charset=utf-8"),
    ])
    assert body == sse_app.PAGE.encode()
    assert 'new EventSource("/notifications")' in body.decode()


def test_jsonl_tokens_arrive_paced_not_all_at_the_end(anyio_backend: str) -> None:
    with TestClient(jsonl_app.app, backend=anyio_backend) as client:
        started = time.monotonic()
        with client.stream("GET", "/completions?prompt=one+two+three&delay=0.15") as resp:
            arrivals = [(line, time.monotonic() - started) for line in resp.iter_lines()]
    assert [line for line, _ in arrivals] == [
        '{"index":0,"text":"one","final":false}',
        '{"index":1,"text":"two","final":false}',
        '{"index":2,"text":"three","final":true}',
    ]
    gaps = [b - a for (_, a), (_, b) in zip(arrivals, arrivals[1:])]
    assert all(gap >= 0.1 for gap in gaps)  # each token came when it was produced


def test_chat_tokens_arrive_as_separate_events(anyio_backend: str) -> None:
    with TestClient(sse_app.app, backend=anyio_backend) as client:
        started = time.monotonic()
        with client.stream("POST", "/chat", json={"prompt": "a b", "delay": 0.15}) as resp:
            lines = resp.iter_lines()
            assert [next(lines), next(lines), next(lines)] == ["event: token", 'data: "a"', ""]
            first = time.monotonic() - started
            rest = list(lines)
            total = time.monotonic() - started
    assert rest == [
        "event: token", 'data: "b"', "",
        "event: done", 'data: {"tokens": 2}', "",
    ]
    assert total - first >= 0.1

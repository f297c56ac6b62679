"""Seed "Advanced Dependencies": callable instances and ``yield`` dependencies.

The query checker (both forms), a ``yield`` dependency turning the endpoint's exception
into an ``HTTPException``, a ``StreamingResponse`` using the dependency's resource while
it streams, and a background task using it after the response: the responses and the
order of events are those FastAPI 0.165 gives for the original programs.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


@pytest.mark.parametrize("module", ["query_checker_an", "query_checker"])
@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("", b'{"fixed_content_in_query":false}'),
        ("?q=foobar", b'{"fixed_content_in_query":true}'),
        ("?q=foo", b'{"fixed_content_in_query":false}'),
        ("?q=bar", b'{"fixed_content_in_query":true}'),
    ],
)
def test_query_checker(module: str, query: str, body: bytes, anyio_backend: Backend) -> None:
    example = load(f"advanced_dependencies.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.get(f"/query-checker/{query}")
    assert parts(response) == (
        200,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )


def test_checker_is_the_parameterized_instance() -> None:
    example = load("advanced_dependencies.query_checker_an")
    assert example.checker.fixed_content == "bar"
    assert example.checker("xbarx") is True
    assert example.checker() is False


@pytest.mark.parametrize("module", ["yield_except_an", "yield_except"])
@pytest.mark.parametrize(
    ("item_id", "status", "body"),
    [
        ("portal-gun", 200, b'{"description":"Gun to create portals","owner":"Rick"}'),
        ("plumbus", 400, b'{"detail":"Owner error: Rick"}'),
        ("nope", 404, b'{"detail":"Item not found"}'),
    ],
)
def test_yield_dependency_turns_exception_into_http_exception(
    module: str, item_id: str, status: int, body: bytes, anyio_backend: Backend
) -> None:
    example = load(f"advanced_dependencies.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.get(f"/items/{item_id}")
    assert parts(response) == (
        status,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )


def test_streaming_response_uses_the_open_session(anyio_backend: Backend) -> None:
    example = load("advanced_dependencies.yield_streaming_an")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.get("/items/")
    assert parts(response) == (
        200,
        [("content-type", "text/plain; charset=utf-8")],
        b"plumbus\nportal-gun\n",
    )
    assert example.events == [
        "session opened",
        "row plumbus (session open: True)",
        "row portal-gun (session open: True)",
        "session closed",
    ]


def test_background_task_uses_the_open_connection(anyio_backend: Backend) -> None:
    example = load("advanced_dependencies.yield_background_an")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.post("/send-notification/rick@example.com")
    assert parts(response) == (
        200,
        [("content-length", "49"), ("content-type", JSON)],
        b'{"message":"Notification sent in the background"}',
    )
    assert example.events == [
        "connection opened",
        "endpoint returned",
        "log 'notification for rick@example.com' (connection open: True)",
        "connection closed",
    ]

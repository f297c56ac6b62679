"""Seed "Response - Change Status Code": the ``Response`` parameter's status wins.

201 when the task is created, the decorator's 200 otherwise; in dependencies the last
status set wins (and a 204 set there drops the body but keeps the JSON content-type, as in
FastAPI 0.165).
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


def test_get_or_create_task(anyio_backend: Backend) -> None:
    example = load("response_change_status_code.get_or_create_task")
    client = TestClient(example.app, backend=anyio_backend)
    existing = client.put("/get-or-create-task/foo")
    assert parts(existing) == (
        200,
        [("content-length", "28"), ("content-type", JSON)],
        b'"Listen to the Bar Fighters"',
    )
    created = client.put("/get-or-create-task/bar")
    assert parts(created) == (
        201,
        [("content-length", "26"), ("content-type", JSON)],
        b'"This didn\'t exist before"',
    )
    again = client.put("/get-or-create-task/bar")
    assert parts(again) == (
        200,
        [("content-length", "26"), ("content-type", JSON)],
        b'"This didn\'t exist before"',
    )
    assert example.tasks == {
        "foo": "Listen to the Bar Fighters",
        "bar": "This didn't exist before",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", (202, [("content-length", "23"), ("content-type", JSON)], b'{"dependency":"second"}')),
        ("?endpoint_status=299", (299, [("content-length", "23"), ("content-type", JSON)], b'{"dependency":"second"}')),
        ("?endpoint_status=204", (204, [("content-type", JSON)], b"")),
    ],
)
def test_last_status_set_wins(
    query: str, expected: tuple[int, list[tuple[str, str]], bytes], anyio_backend: Backend
) -> None:
    example = load("response_change_status_code.in_dependency_an")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get(f"/last-wins/{query}")) == expected

"""Whole documents: each example program's ``app.openapi()`` equals FastAPI 0.165's.

The expected documents in ``expected/`` were produced by running the very same programs
(``from fastapi import FastAPI`` in place of ``from framework import App``) on FastAPI
0.165 with pydantic 2.14, and saved as observed. Each test compares the whole document
(dict equality: key order aside) and fetches it from ``/openapi.json`` through the
TestClient on asyncio and trio. (``test_document_validity`` validates the same documents
against the OpenAPI 3.1 schema.)
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._programs import expected, fresh_program, program_documents

PROGRAMS = [
    "params",
    "bodies",
    "responses",
    "components",
    "metadata",
    "callbacks",
    "webhooks",
    "securities",
    "streams",
    "sdk",
    "advanced",
    "proxy",
    "subapps",
    "extending",
]


@pytest.mark.parametrize("name", PROGRAMS)
def test_document_equals_fastapis(name: str) -> None:
    assert program_documents(name) == expected(name)


@pytest.mark.parametrize("name", PROGRAMS)
def test_document_served_at_openapi_json(name: str, anyio_backend: str) -> None:
    module = fresh_program(name)
    with TestClient(module.app, backend=anyio_backend) as client:  # type: ignore[arg-type]
        response = client.get("/openapi.json")
    body = expected(name)
    want = body["app"] if "app" in body else next(iter(body.values()))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == want
    assert module.app.openapi_schema == want


def test_schema_is_built_once_and_cached() -> None:
    module = fresh_program("params")
    first = module.app.openapi()
    assert module.app.openapi() is first
    assert module.app.openapi_schema is first

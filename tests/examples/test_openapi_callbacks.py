"""Seed "OpenAPI Callbacks": the invoice API whose operation documents its callback.

Both spellings of the program (``Union[...]`` and ``X | None``) give FastAPI 0.165's whole
OpenAPI document (``data/openapi_callbacks/``), with the callback operation under
``callbacks`` and its models in ``components``; the callback router is only documentation
(nothing answers its path), and the invoice operation answers as FastAPI does, including
the ``HttpUrl`` validation of ``callback_url``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

SECTION = "openapi_callbacks"
DATA = Path(__file__).parent / "data" / SECTION
JSON = "application/json"
MODULES = ["invoices", "invoices_py310"]
INVOICE = {"id": "i1", "customer": "Rick", "total": 9.5}


def expected_document(module: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / f"{module}.json").read_text())
    return loaded


def json_parts(body: bytes, status: int = 200) -> tuple[int, list[tuple[str, str]], bytes]:
    return status, [("content-length", str(len(body))), ("content-type", JSON)], body


@pytest.mark.parametrize("module", MODULES)
def test_openapi_document(module: str, anyio_backend: Backend) -> None:
    app = load(f"{SECTION}.{module}").app
    expected = expected_document(module)
    assert app.openapi() == expected
    status, headers, body = parts(TestClient(app, backend=anyio_backend).get("/openapi.json"))
    assert (status, headers) == (200, [("content-length", str(len(body))), ("content-type", JSON)])
    assert json.loads(body) == expected


def test_both_spellings_document_the_same() -> None:
    assert expected_document("invoices") == expected_document("invoices_py310")


def test_callback_is_documented_on_the_operation() -> None:
    document = load(f"{SECTION}.invoices").app.openapi()
    callbacks = document["paths"]["/invoices/"]["post"]["callbacks"]
    assert callbacks == {
        "invoice_notification": {
            "{$callback_url}/invoices/{$request.body.id}": {
                "post": {
                    "summary": "Invoice Notification",
                    "operationId": (
                        "invoice_notification__callback_url__invoices___request_body_id__post"
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {"schema": {"$ref": "#/components/schemas/InvoiceEvent"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Successful Response",
                            "content": {
                                JSON: {
                                    "schema": {
                                        "$ref": "#/components/schemas/InvoiceEventReceived"
                                    }
                                }
                            },
                        },
                        "422": {
                            "description": "Validation Error",
                            "content": {
                                JSON: {
                                    "schema": {"$ref": "#/components/schemas/HTTPValidationError"}
                                }
                            },
                        },
                    },
                }
            }
        }
    }
    assert list(document["paths"]) == ["/invoices/"]


@pytest.mark.parametrize("module", MODULES)
def test_create_invoice(module: str, anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.{module}").app, backend=anyio_backend)
    received = json_parts(b'{"msg":"Invoice received"}')
    url = "https://example.com/api/v1"
    assert parts(client.post("/invoices/", params={"callback_url": url}, json=INVOICE)) == received
    assert parts(client.post("/invoices/", json=INVOICE)) == received
    assert parts(client.post("/invoices/?callback_url=not-a-url", json=INVOICE)) == json_parts(
        b'{"detail":[{"type":"url_parsing","loc":["query","callback_url"],'
        b'"msg":"Input should be a valid URL, relative URL without a base",'
        b'"input":"not-a-url","ctx":{"error":"relative URL without a base"}}]}',
        422,
    )
    assert parts(client.post("/invoices/", json={"id": "i1", "total": 9.5})) == json_parts(
        b'{"detail":[{"type":"missing","loc":["body","customer"],"msg":"Field required",'
        b'"input":{"id":"i1","total":9.5}}]}',
        422,
    )


def test_callback_route_is_not_served(anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.invoices").app, backend=anyio_backend)
    response = client.post("/invoices/i1", json={"description": "Invoice paid", "paid": True})
    assert parts(response) == json_parts(b'{"detail":"Not Found"}', 404)

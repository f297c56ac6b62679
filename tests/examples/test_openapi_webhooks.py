"""Seed "OpenAPI Webhooks": ``@app.webhooks.post("new-subscription")`` next to ``/users/``.

The whole OpenAPI document equals FastAPI 0.165's (``data/openapi_webhooks/``): the event
under ``webhooks`` (named, not a path; docstring as description; ``Subscription`` in
``components``) and only ``/users/`` under ``paths``. Over HTTP only ``/users/`` answers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from testing import TestClient

from ._fw_support import Backend, load, parts

SECTION = "openapi_webhooks"
DATA = Path(__file__).parent / "data" / SECTION
JSON = "application/json"
NOT_FOUND = (404, [("content-length", "22"), ("content-type", JSON)], b'{"detail":"Not Found"}')


def expected_document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "subscriptions.json").read_text())
    return loaded


def test_openapi_document(anyio_backend: Backend) -> None:
    app = load(f"{SECTION}.subscriptions").app
    expected = expected_document()
    assert app.openapi() == expected
    status, headers, body = parts(TestClient(app, backend=anyio_backend).get("/openapi.json"))
    assert (status, headers) == (200, [("content-length", str(len(body))), ("content-type", JSON)])
    assert json.loads(body) == expected


def test_webhook_is_documented_apart_from_paths() -> None:
    document = load(f"{SECTION}.subscriptions").app.openapi()
    assert list(document["paths"]) == ["/users/"]
    assert document["webhooks"] == {
        "new-subscription": {
            "post": {
                "summary": "New Subscription",
                "description": (
                    "When a new user subscribes to your service we'll send you a POST request"
                    " with this\ndata to the URL that you register for the event"
                    " `new-subscription` in the dashboard."
                ),
                "operationId": "new_subscriptionnew_subscription_post",
                "requestBody": {
                    "content": {JSON: {"schema": {"$ref": "#/components/schemas/Subscription"}}},
                    "required": True,
                },
                "responses": {
                    "200": {"description": "Successful Response", "content": {JSON: {"schema": {}}}},
                    "422": {
                        "description": "Validation Error",
                        "content": {
                            JSON: {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
                        },
                    },
                },
            }
        }
    }
    assert document["components"]["schemas"]["Subscription"] == {
        "properties": {
            "username": {"type": "string", "title": "Username"},
            "monthly_fee": {"type": "number", "title": "Monthly Fee"},
            "start_date": {"type": "string", "format": "date-time", "title": "Start Date"},
        },
        "type": "object",
        "required": ["username", "monthly_fee", "start_date"],
        "title": "Subscription",
    }


def test_only_the_path_operation_answers(anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.subscriptions").app, backend=anyio_backend)
    assert parts(client.get("/users/")) == (
        200,
        [("content-length", "16"), ("content-type", JSON)],
        b'["Rick","Morty"]',
    )
    subscription = {"username": "rick", "monthly_fee": 9.5, "start_date": "2024-01-01T00:00:00"}
    assert parts(client.post("/new-subscription", json=subscription)) == NOT_FOUND
    assert parts(client.post("/webhooks/new-subscription", json=subscription)) == NOT_FOUND

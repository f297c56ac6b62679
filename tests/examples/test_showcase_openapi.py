"""The showcase's OpenAPI document and docs pages (the sections that only show there).

FastAPI 0.165 emits the same document for the same program (compared whole by hand, key
order aside); these tests pin the parts the seed's OpenAPI sections are about.
"""

import json

import pytest

from examples.showcase import create_app
from examples.showcase.index import SECTIONS
from testing import TestClient

PATHS = [
    "/", "/dataclasses/authors/", "/dataclasses/authors/{author_id}/items/",
    "/dataclasses/items/", "/dataclasses/items/next", "/deps/cleanup-log", "/deps/items/",
    "/deps/owned/{item_id}", "/deps/query-checker/", "/deps/scopes", "/deps/users/",
    "/lifespan/events", "/lifespan/predict", "/middleware/big", "/middleware/small",
    "/openapi-features/described", "/openapi-features/extra", "/openapi-features/invoices/",
    "/openapi-features/items/{item_id}", "/openapi-features/operation-id", "/request/echo",
    "/request/items/{item_id}", "/request/proxy", "/request/raw-body", "/response/cookie",
    "/response/cookie-and-object", "/response/headers", "/response/headers-direct",
    "/response/status-and-header", "/responses/file", "/responses/file-direct",
    "/responses/html", "/responses/html-direct", "/responses/indented",
    "/responses/items/{item_id}", "/responses/legacy", "/responses/plain",
    "/responses/redirect", "/responses/redirect-class", "/responses/stream", "/sections",
    "/security/api-key", "/security/basic/users/me", "/security/optional-bearer",
    "/security/token", "/security/use-cache", "/security/users/me", "/security/users/me/items",
    "/settings/info", "/status/accepted", "/status/items/{item_id}", "/status/tasks/{task_id}",
    "/templates/items/{id}", "/tooling/async-store", "/tooling/container", "/tooling/mounts",
    "/tooling/notes.jsonl", "/tooling/notes.sse", "/tooling/sdk-operations", "/ws/",
]
SCHEMAS = [
    "Author", "Body_login_security_token_post", "Body_upsert_item_status_items__item_id__put", "FeatureItem",
    "HTTPValidationError", "Invoice", "InvoiceEvent", "InvoiceEventReceived", "Item",
    "ItemOut", "Message", "Subscription", "TimestampedItem", "ValidationError",
]
IDENTITY = {"accept-encoding": "identity"}


@pytest.fixture(scope="module", params=["asyncio", "trio"])
def client(request):
    with TestClient(create_app(), backend=request.param) as c:
        yield c


@pytest.fixture(scope="module")
def document(client):
    r = client.get("/openapi.json", headers=IDENTITY)
    assert (r.status_code, r.headers["content-type"]) == (200, "application/json")
    return json.loads(r.content)


def test_info_paths_and_components(document) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["info"] == {
        "title": "Keel showcase",
        "description": "Every section of FastAPI's Advanced User Guide, on Keel.",
        "version": "1.0.0",
    }
    assert sorted(document["paths"]) == PATHS  # /openapi-features/hidden is not there
    assert sorted(document["components"]["schemas"]) == SCHEMAS


def test_path_operation_advanced_configuration(document) -> None:
    paths = document["paths"]
    assert paths["/openapi-features/operation-id"]["get"]["operationId"] == (
        "some_specific_id_you_define"
    )
    described = paths["/openapi-features/described"]["post"]
    assert (described["summary"], described["description"]) == (
        "Create an item",
        "Create an item with all the information:\n\n- **id**: each item must have an id\n"
        "- **value**: its value",
    )
    assert paths["/openapi-features/extra"]["post"]["x-aperture-labs-portal"] == "blue"


def test_additional_responses_callbacks_and_webhooks(document) -> None:
    item = document["paths"]["/openapi-features/items/{item_id}"]["get"]["responses"]
    assert item["404"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
        "description": "Not Found",
    }
    callbacks = document["paths"]["/openapi-features/invoices/"]["post"]["callbacks"]
    assert list(callbacks) == ["invoice_notification"]
    callback = callbacks["invoice_notification"]["{$callback_url}/invoices/{$request.body.id}"]
    assert callback["post"]["operationId"] == (
        "invoice_notification__callback_url__invoices___request_body_id__post"
    )
    assert list(document["webhooks"]) == ["new-subscription"]


def test_sub_application_has_its_own_document(client) -> None:
    r = client.get("/subapi/openapi.json", headers=IDENTITY)
    sub = json.loads(r.content)
    assert (r.status_code, list(sub["paths"]), sub["servers"]) == (
        200, ["/sub"], [{"url": "/subapi"}]
    )
    assert sub["info"]["title"] == "Showcase sub-application"


def test_docs_pages(client) -> None:
    for path in ("/docs", "/redoc", "/subapi/docs"):
        r = client.get(path, headers=IDENTITY)
        assert (r.status_code, r.headers["content-type"]) == (200, "text/html; charset=utf-8")
        assert "openapi.json" in r.text


def test_every_section_is_a_tag_with_operations(document) -> None:
    """``/docs`` groups operations by tag: every section is one, in the index's order."""
    titles = [title for title, _ in SECTIONS]
    assert document["tags"] == [{"name": "index"}] + [{"name": t} for t in titles]
    used = {
        tag
        for part in ("paths", "webhooks")
        for item in document[part].values()
        for op in item.values()
        for tag in op.get("tags", [])
    }
    assert used == {"index", *titles}
    assert document["webhooks"]["new-subscription"]["post"]["tags"] == ["OpenAPI Webhooks"]
    basic = document["paths"]["/security/basic/users/me"]["get"]
    assert (basic["tags"], basic["security"]) == (["HTTP Basic Auth"], [{"HTTPBasic": []}])
    items = document["paths"]["/security/users/me/items"]["get"]
    assert items["tags"] == ["OAuth2 scopes", "Dependencies - Depends() and Security()"]
    assert items["security"] == [{"OAuth2PasswordBearer": ["me", "items"]}]
    assert document["paths"]["/lifespan/events"]["get"]["tags"] == [
        "Lifespan Events", "Testing Events: lifespan and startup - shutdown"
    ]


def test_security_schemes(document) -> None:
    assert document["components"]["securitySchemes"] == {
        "HTTPBasic": {"type": "http", "scheme": "basic"},
        "OAuth2PasswordBearer": {
            "type": "oauth2",
            "flows": {"password": {
                "scopes": {"me": "Read information about the current user.",
                           "items": "Read items."},
                "tokenUrl": "security/token",
            }},
        },
        "APIKeyHeader": {
            "type": "apiKey", "description": "try `showcase-key`", "in": "header", "name": "x-key"
        },
        "HTTPBearer": {"type": "http", "scheme": "bearer"},
    }


def test_status_set_at_runtime_is_declared(document) -> None:
    responses = document["paths"]["/response/status-and-header"]["post"]["responses"]
    assert sorted(responses) == ["201", "202"]  # no parameters, so no 422
    assert responses["202"]["description"] == "Accepted: the status the endpoint sets at runtime"

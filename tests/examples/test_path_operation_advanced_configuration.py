"""Seed "Path Operation Advanced Configuration": operationId, exclusion, ``\\f`` docstrings,
``openapi_extra`` (extensions, a hand-documented JSON body, a YAML body).

Each program's whole OpenAPI document (``app.openapi()`` and ``GET /openapi.json``) equals
FastAPI 0.165's for the original program (stored under
``data/path_operation_advanced_configuration/``); requests get FastAPI's full responses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

SECTION = "path_operation_advanced_configuration"
DATA = Path(__file__).parent / "data" / SECTION
JSON = "application/json"
YAML = {"content-type": "application/x-yaml"}
MODULES = [
    "operation_id",
    "route_names_as_ids",
    "exclude_from_openapi",
    "docstring_form_feed",
    "openapi_extensions",
    "custom_request_body",
    "yaml_request_body",
]


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


def operation(module: str, method: str = "get") -> dict[str, Any]:
    found: dict[str, Any] = load(f"{SECTION}.{module}").app.openapi()["paths"]["/items/"][method]
    return found


def test_operation_ids() -> None:
    assert operation("operation_id")["operationId"] == "some_specific_id_you_define"
    assert operation("route_names_as_ids")["operationId"] == "read_items"
    assert operation("openapi_extensions")["operationId"] == "read_items_items__get"


@pytest.mark.parametrize(
    ("module", "body"),
    [
        ("operation_id", b'[{"item_id":"Foo"}]'),
        ("route_names_as_ids", b'[{"item_id":"Foo"}]'),
        ("exclude_from_openapi", b'[{"item_id":"Foo"}]'),
        ("openapi_extensions", b'[{"item_id":"portal-gun"}]'),
    ],
)
def test_read_items(module: str, body: bytes, anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.{module}").app, backend=anyio_backend)
    assert parts(client.get("/items/")) == json_parts(body)


def test_excluded_operation_still_answers_but_is_undocumented() -> None:
    assert expected_document("exclude_from_openapi")["paths"] == {}
    assert load(f"{SECTION}.exclude_from_openapi").app.openapi()["paths"] == {}


def test_extension_is_on_the_operation() -> None:
    assert operation("openapi_extensions")["x-aperture-labs-portal"] == "blue"


def test_docstring_cut_at_form_feed(anyio_backend: Backend) -> None:
    documented = operation("docstring_form_feed", "post")
    assert documented["summary"] == "Create an item"
    assert documented["description"] == (
        "Create an item with all the information:\n\n"
        "- **name**: each item must have a name\n"
        "- **description**: a long description\n"
        "- **price**: required\n"
        "- **tax**: if the item doesn't have tax, you can omit this\n"
        "- **tags**: a set of unique tag strings for this item"
    )
    client = TestClient(load(f"{SECTION}.docstring_form_feed").app, backend=anyio_backend)
    response = client.post("/items/", json={"name": "Foo", "price": 3.2, "tags": ["a", "a"]})
    assert parts(response) == json_parts(
        b'{"name":"Foo","description":null,"price":3.2,"tax":null,"tags":["a"]}'
    )


def test_custom_request_body_read_by_hand(anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.custom_request_body").app, backend=anyio_backend)
    assert parts(client.post("/items/", content=b"anything at all")) == json_parts(
        b'{"size":15,"content":{"name":"Maaaagic","price":42,'
        b'"description":"Just kiddin\', no magic here. \xe2\x9c\xa8"}}'
    )
    assert operation("custom_request_body", "post")["requestBody"] == {
        "content": {
            "application/json": {
                "schema": {
                    "required": ["name", "price"],
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "price": {"type": "number"},
                        "description": {"type": "string"},
                    },
                }
            }
        },
        "required": True,
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"name: Deadpoolio\ntags:\n- x\n- y\n",
            json_parts(b'{"name":"Deadpoolio","tags":["x","y"]}'),
        ),
        (b"name: [\n", json_parts(b'{"detail":"Invalid YAML"}', 422)),
        (
            b"name: Deadpoolio\ntags: 3\n",
            json_parts(
                b'{"detail":[{"type":"list_type","loc":["tags"],'
                b'"msg":"Input should be a valid list","input":3}]}',
                422,
            ),
        ),
        (
            b"- 1\n",
            json_parts(
                b'{"detail":[{"type":"model_type","loc":[],'
                b'"msg":"Input should be a valid dictionary or instance of Item",'
                b'"input":[1],"ctx":{"class_name":"Item"}}]}',
                422,
            ),
        ),
    ],
)
def test_yaml_body(
    content: bytes, expected: tuple[int, list[tuple[str, str]], bytes], anyio_backend: Backend
) -> None:
    client = TestClient(load(f"{SECTION}.yaml_request_body").app, backend=anyio_backend)
    assert parts(client.post("/items/", content=content, headers=YAML)) == expected


def test_yaml_body_documented_with_the_model_schema() -> None:
    assert operation("yaml_request_body", "post")["requestBody"] == {
        "content": {
            "application/x-yaml": {
                "schema": {
                    "properties": {
                        "name": {"title": "Name", "type": "string"},
                        "tags": {"items": {"type": "string"}, "title": "Tags", "type": "array"},
                    },
                    "required": ["name", "tags"],
                    "title": "Item",
                    "type": "object",
                }
            }
        },
        "required": True,
    }

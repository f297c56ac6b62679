"""Seed "Additional Responses in OpenAPI": the ``responses`` parameter, in the document and
on the wire.

Every program's whole OpenAPI document (``app.openapi()`` and ``GET /openapi.json``) equals
the one FastAPI 0.165 gives for the original program (observed, stored under
``data/additional_responses_in_openapi/``); the requests get FastAPI's full responses: the
model, the ``JSONResponse`` returned for the 404 and the PNG ``FileResponse``.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

SECTION = "additional_responses_in_openapi"
DATA = Path(__file__).parent / "data" / SECTION
JSON = "application/json"
FOO = b'{"id":"foo","value":"there goes my hero"}'
NOT_FOUND = b'{"message":"Item not found"}'
MODULES = [
    "response_with_model",
    "media_types",
    "media_types_annotated",
    "combining",
    "predefined_and_custom",
    "none_media_type",
]


def expected_document(module: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / f"{module}.json").read_text())
    return loaded


def json_parts(body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    return 200, [("content-length", str(len(body))), ("content-type", JSON)], body


@pytest.mark.parametrize("module", MODULES)
def test_openapi_document(module: str, anyio_backend: Backend) -> None:
    app = load(f"{SECTION}.{module}").app
    expected = expected_document(module)
    assert app.openapi() == expected
    response = TestClient(app, backend=anyio_backend).get("/openapi.json")
    status, headers, body = parts(response)
    assert (status, headers) == (
        200,
        [("content-length", str(len(body))), ("content-type", JSON)],
    )
    assert json.loads(body) == expected


def test_additional_404_with_model_in_components() -> None:
    document = load(f"{SECTION}.response_with_model").app.openapi()
    responses = document["paths"]["/items/{item_id}"]["get"]["responses"]
    assert responses["404"] == {
        # FastAPI 0.165 names it after the status phrase (the seed's older text shows
        # "Additional Response", the fallback for codes without a phrase).
        "description": "Not Found",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
    }
    assert document["components"]["schemas"]["Message"] == {
        "properties": {"message": {"type": "string", "title": "Message"}},
        "type": "object",
        "required": ["message"],
        "title": "Message",
    }


@pytest.mark.parametrize("module", ["response_with_model", "combining"])
def test_found_and_not_found(module: str, anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.{module}").app, backend=anyio_backend)
    assert parts(client.get("/items/foo")) == json_parts(FOO)
    assert parts(client.get("/items/bar")) == (
        404,
        [("content-length", "28"), ("content-type", JSON)],
        NOT_FOUND,
    )


def png_parts(image: Path) -> tuple[int, list[tuple[str, str]], bytes]:
    stat = image.stat()
    etag = hashlib.md5(f"{stat.st_mtime}-{stat.st_size}".encode(), usedforsecurity=False)
    return (
        200,
        [
            ("content-type", "image/png"),
            ("accept-ranges", "bytes"),
            ("content-length", str(stat.st_size)),
            ("last-modified", email.utils.formatdate(stat.st_mtime, usegmt=True)),
            ("etag", f'"{etag.hexdigest()}"'),
        ],
        image.read_bytes(),
    )


@pytest.mark.parametrize("module", ["media_types", "media_types_annotated", "predefined_and_custom"])
def test_json_or_png(module: str, anyio_backend: Backend) -> None:
    example = load(f"{SECTION}.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    assert example.IMAGE.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert parts(client.get("/items/foo")) == json_parts(FOO)
    assert parts(client.get("/items/foo", params={"img": "false"})) == json_parts(FOO)
    for truthy in ("1", "true", "yes", "on"):
        assert parts(client.get("/items/foo", params={"img": truthy})) == png_parts(example.IMAGE)
    assert parts(client.get("/items/foo?img=maybe")) == (
        422,
        [("content-length", "141"), ("content-type", JSON)],
        b'{"detail":[{"type":"bool_parsing","loc":["query","img"],'
        b'"msg":"Input should be a valid boolean, unable to interpret input","input":"maybe"}]}',
    )


def test_predefined_responses_are_reused_unchanged() -> None:
    example = load(f"{SECTION}.predefined_and_custom")
    assert example.responses == {
        404: {"description": "Item not found"},
        302: {"description": "The item was moved"},
        403: {"description": "Not enough privileges"},
    }
    responses = example.app.openapi()["paths"]["/items/{item_id}"]["get"]["responses"]
    assert list(responses) == ["200", "404", "302", "403", "422"]
    assert responses["200"] == {
        "description": "Successful Response",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}},
            "image/png": {},
        },
    }


def test_response_class_without_media_type(anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.none_media_type").app, backend=anyio_backend)
    assert parts(client.get("/raw/foo")) == (200, [("content-length", "7")], b"raw foo")
    assert parts(client.get("/raw/bar")) == (
        404,
        [("content-length", "22"), ("content-type", JSON)],
        b'{"message":"Not here"}',
    )

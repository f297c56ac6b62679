"""Seed "Generating SDKs": documents an SDK generator reads, and their post-processing.

The programs' whole OpenAPI documents equal FastAPI 0.165's (``data/generating_sdks/``):
the models as schemas, tags, and ``generate_unique_id_function`` giving ``{tag}-{name}``
operation ids. The seed's script that strips the tag prefix is run on the served
``/openapi.json`` (as a module function, as ``main(path)`` on a file and as a command) and
must give the document FastAPI's docs' script gives
(``custom_unique_id_processed.json``); the result is then checked the way a client
generator needs it: one unique, identifier-shaped operationId per operation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

SECTION = "generating_sdks"
DATA = Path(__file__).parent / "data" / SECTION
ROOT = Path(__file__).parents[2]
JSON = "application/json"
MODULES = ["items", "items_typing_list", "tags", "custom_unique_id"]
ITEMS = b'[{"name":"Plumbus","price":3.0},{"name":"Portal Gun","price":9001.0}]'


def expected_document(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text())
    return loaded


def json_parts(body: bytes, status: int = 200) -> tuple[int, list[tuple[str, str]], bytes]:
    return status, [("content-length", str(len(body))), ("content-type", JSON)], body


def operation_ids(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (path, method): operation["operationId"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


@pytest.mark.parametrize("module", MODULES)
def test_openapi_document(module: str, anyio_backend: Backend) -> None:
    app = load(f"{SECTION}.{module}").app
    expected = expected_document(module)
    assert app.openapi() == expected
    status, headers, body = parts(TestClient(app, backend=anyio_backend).get("/openapi.json"))
    assert (status, headers) == (200, [("content-length", str(len(body))), ("content-type", JSON)])
    assert json.loads(body) == expected


def test_operation_ids_default_and_custom() -> None:
    assert operation_ids(load(f"{SECTION}.tags").app.openapi()) == {
        ("/items/", "get"): "get_items_items__get",
        ("/items/", "post"): "create_item_items__post",
        ("/users/", "post"): "create_user_users__post",
    }
    assert operation_ids(load(f"{SECTION}.custom_unique_id").app.openapi()) == {
        ("/items/", "get"): "items-get_items",
        ("/items/", "post"): "items-create_item",
        ("/users/", "post"): "users-create_user",
    }


@pytest.mark.parametrize("module", ["items", "items_typing_list", "tags", "custom_unique_id"])
def test_items(module: str, anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.{module}").app, backend=anyio_backend)
    received = b'{"message":"item received"}' if module.startswith("items") else (
        b'{"message":"Item received"}'
    )
    assert parts(client.get("/items/")) == json_parts(ITEMS)
    assert parts(client.post("/items/", json={"name": "Plumbus", "price": 3})) == json_parts(
        received
    )
    assert parts(client.post("/items/", json={"name": "Plumbus", "price": "x"})) == json_parts(
        b'{"detail":[{"type":"float_parsing","loc":["body","price"],'
        b'"msg":"Input should be a valid number, unable to parse string as a number",'
        b'"input":"x"}]}',
        422,
    )


@pytest.mark.parametrize("module", ["tags", "custom_unique_id"])
def test_users(module: str, anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.{module}").app, backend=anyio_backend)
    user = {"username": "rick", "email": "rick@example.com"}
    assert parts(client.post("/users/", json=user)) == json_parts(b'{"message":"User received"}')


def check_client_ready(document: dict[str, Any]) -> None:
    """What a generator needs: each operation one unique, identifier-shaped operationId."""
    ids = list(operation_ids(document).values())
    assert len(set(ids)) == len(ids)
    assert all(operation_id.isidentifier() for operation_id in ids)


def test_remove_tag_prefixes(anyio_backend: Backend) -> None:
    script = load(f"{SECTION}.preprocess_openapi")
    client = TestClient(load(f"{SECTION}.custom_unique_id").app, backend=anyio_backend)
    document = client.get("/openapi.json").json()
    processed = script.remove_tag_prefixes(document)
    assert processed is document
    assert processed == expected_document("custom_unique_id_processed")
    check_client_ready(processed)


def test_main_rewrites_the_file(tmp_path: Path) -> None:
    script = load(f"{SECTION}.preprocess_openapi")
    file_path = tmp_path / "openapi.json"
    file_path.write_text(json.dumps(load(f"{SECTION}.custom_unique_id").app.openapi()))
    script.main(file_path)
    assert json.loads(file_path.read_text()) == expected_document("custom_unique_id_processed")


def test_script_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "openapi.json").write_text(json.dumps(expected_document("custom_unique_id")))
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / SECTION / "preprocess_openapi.py")],
        cwd=tmp_path,
        check=True,
    )
    rewritten = json.loads((tmp_path / "openapi.json").read_text())
    assert rewritten == expected_document("custom_unique_id_processed")
    assert operation_ids(rewritten) == {
        ("/items/", "get"): "get_items",
        ("/items/", "post"): "create_item",
        ("/users/", "post"): "create_user",
    }

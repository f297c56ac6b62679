"""Seed "Generating SDKs": a client generated from the app's OpenAPI document works.

``examples/generating_sdks/client_gen.py`` turns ``app.openapi()`` into Python source; the
tests write it to a tmp dir, import it, and call every operation through a
``testing.TestClient`` (on asyncio and trio). A recording transport checks the request the
generated method sends and the status the app answers; the returned JSON is compared whole.
``custom_unique_id``'s document goes through the seed's ``remove_tag_prefixes`` first, so its
methods are ``get_items`` rather than ``items_get_items``. A small extra app covers what the
seed's apps lack: path and query parameters, an optional body, and the error status.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from framework import App, Query
from testing import TestClient

from ._fw_support import Backend, load

SECTION = "generating_sdks"
ITEMS = [{"name": "Plumbus", "price": 3.0}, {"name": "Portal Gun", "price": 9001.0}]
USER = {"username": "rick", "email": "rick@example.com"}


class Recorder:
    """An httpx-like transport that remembers each call and the status it got."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.calls: list[tuple[str, str, Any, Any, int]] = []

    def request(self, method: str, url: str, *, params: Any = None, json: Any = None) -> Any:
        response = self.client.request(method, url, params=params, json=json)
        self.calls.append((method, url, params, json, response.status_code))
        return response


def generated(document: dict[str, Any], tmp_path: Path, name: str) -> ModuleType:
    """Write the generated client for ``document`` into ``tmp_path`` and import it."""
    gen = load(f"{SECTION}.client_gen")
    path = tmp_path / f"{name}.py"
    path.write_text(gen.generate_client(document))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def document(module: str) -> dict[str, Any]:
    openapi: dict[str, Any] = load(f"{SECTION}.{module}").app.openapi()
    if module == "custom_unique_id":
        load(f"{SECTION}.preprocess_openapi").remove_tag_prefixes(openapi)
    return openapi


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("tags", ("get_items_items__get", "create_item_items__post", "create_user_users__post")),
        ("custom_unique_id", ("get_items", "create_item", "create_user")),
    ],
)
def test_generated_client_calls_every_operation(
    module: str, names: tuple[str, str, str], anyio_backend: Backend, tmp_path: Path
) -> None:
    sdk = generated(document(module), tmp_path, f"{module}_client")
    transport = Recorder(TestClient(load(f"{SECTION}.{module}").app, backend=anyio_backend))
    client = sdk.Client(transport)
    get_items, create_item, create_user = (getattr(client, name) for name in names)
    assert get_items() == ITEMS
    assert create_item({"name": "Plumbus", "price": 3}) == {"message": "Item received"}
    assert create_user(USER) == {"message": "User received"}
    assert transport.calls == [
        ("GET", "/items/", None, None, 200),
        ("POST", "/items/", None, {"name": "Plumbus", "price": 3}, 200),
        ("POST", "/users/", None, USER, 200),
    ]
    with pytest.raises(sdk.ApiError) as caught:
        create_item({"name": "Plumbus", "price": "x"})
    assert (caught.value.status, caught.value.body) == (422, {"detail": [{
        "type": "float_parsing", "loc": ["body", "price"],
        "msg": "Input should be a valid number, unable to parse string as a number",
        "input": "x",
    }]})


class Note(BaseModel):
    text: str


def notes_app() -> App:
    app = App()

    @app.put("/notes/{note_id}", operation_id="put_note", status_code=201)
    async def put_note(
        note_id: int, shout: bool = False, tags: Annotated[list[str] | None, Query()] = None,
        note: Note | None = None
    ) -> dict[str, Any]:
        text = note.text if note else ""
        return {"id": note_id, "text": text.upper() if shout else text, "tags": tags}

    return app


def test_path_query_and_optional_body(anyio_backend: Backend, tmp_path: Path) -> None:
    app = notes_app()
    sdk = generated(app.openapi(), tmp_path, "notes_client")
    transport = Recorder(TestClient(app, backend=anyio_backend))
    client = sdk.Client(transport)
    assert client.put_note(7, shout=True, body={"text": "hi"}) == {
        "id": 7, "text": "HI", "tags": None,
    }
    assert client.put_note(8, tags=["x", "y"], body={"text": "yo"}) == {
        "id": 8, "text": "yo", "tags": ["x", "y"],
    }
    with pytest.raises(sdk.ApiError) as caught:
        client.put_note("a b", body={"text": "hi"})
    assert (caught.value.status, caught.value.body) == (422, {"detail": [{
        "type": "int_parsing", "loc": ["path", "note_id"],
        "msg": "Input should be a valid integer, unable to parse string as an integer",
        "input": "a b",
    }]})
    assert transport.calls == [
        ("PUT", "/notes/7", {"shout": "true"}, {"text": "hi"}, 201),
        ("PUT", "/notes/8", {"tags": ["x", "y"]}, {"text": "yo"}, 201),
        ("PUT", "/notes/a%20b", None, {"text": "hi"}, 422),
    ]


def test_optional_body_omitted(anyio_backend: Backend, tmp_path: Path) -> None:
    app = notes_app()
    client = generated(app.openapi(), tmp_path, "notes_client").Client(
        TestClient(app, backend=anyio_backend)
    )
    assert client.put_note(9) == {"id": 9, "text": "", "tags": None}  # FastAPI 0.165: 201


def test_unsupported_documents_are_refused() -> None:
    gen = load(f"{SECTION}.client_gen")
    op = {"operationId": "f", "responses": {"200": {}}}
    header = {**op, "parameters": [{"name": "x-token", "in": "header", "schema": {}}]}
    with pytest.raises(ValueError, match="unsupported parameter 'x-token' in header"):
        gen.generate_client({"paths": {"/": {"get": header}}})
    with pytest.raises(ValueError, match="operationId 'f' of post /b repeats get /a"):
        gen.generate_client({"paths": {"/a": {"get": op}, "/b": {"post": op}}})
    with pytest.raises(ValueError, match="path parameter 'id' of '/{id}' is not declared"):
        gen.generate_client({"paths": {"/{id}": {"get": op}}})
    assert [gen.python_name(n) for n in ("items-get", "class", "1a")] == [
        "items_get", "class_", "_1a",
    ]

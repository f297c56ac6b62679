"""``Depends(scope="function")`` exits right after the endpoint; request-scoped yield
dependencies exit after the response is sent (FastAPI 0.165's order), and ``-> None``
operations with status 204 are accepted."""

from typing import Annotated

import pytest

from framework import App, Depends
from testing import TestClient


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_function_scope_exits_before_request_scope(backend: str) -> None:
    log: list[str] = []

    async def a():
        log.append("a enter")
        yield "a"
        log.append("a exit")

    def b():
        log.append("b enter")
        yield "b"
        log.append("b exit")

    app = App()

    @app.get("/")
    def read(x: Annotated[str, Depends(a, scope="function")], y: Annotated[str, Depends(b)]):
        log.append("endpoint")
        return x + y

    client = TestClient(app, backend=backend)
    assert client.get("/").json() == "ab"
    assert log == ["a enter", "b enter", "endpoint", "a exit", "b exit"]


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_none_annotation_with_204(backend: str) -> None:
    app = App()

    @app.delete("/items/{item_id}", status_code=204)
    def delete_item(item_id: str) -> None:
        return None

    r = TestClient(app, backend=backend).delete("/items/1")
    assert (r.status_code, r.headers.multi_items(), r.content) == (
        204, [("content-type", "application/json")], b""
    )

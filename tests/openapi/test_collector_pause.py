"""The OpenAPI build runs with the cyclic garbage collector paused, and leaves it as it was.

A model's JSON-schema hook records ``gc.isenabled()`` while the document is generated;
after the build (or a failed one) the collector is on again, unless the program had turned
it off itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel

from framework import App
from openapi import get_openapi

seen: list[bool] = []


class Probe(BaseModel):
    fail: ClassVar[bool] = False
    value: int

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        seen.append(gc.isenabled())
        if cls.fail:
            raise RuntimeError("schema hook failed")
        return dict(handler(schema))


class FailingProbe(Probe):
    fail = True


async def probe(body: Probe) -> None:
    return None


async def failing_probe(body: FailingProbe) -> None:
    return None


def _app(model: type[BaseModel]) -> App:
    app = App()
    app.post("/probe")(failing_probe if model is FailingProbe else probe)
    return app


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    seen.clear()
    gc.enable()
    yield
    gc.enable()


def test_app_openapi_pauses_the_collector_and_resumes_it() -> None:
    document = _app(Probe).openapi()
    assert seen == [False]
    assert gc.isenabled() is True
    assert document["components"]["schemas"]["Probe"] == {
        "properties": {"value": {"title": "Value", "type": "integer"}},
        "required": ["value"],
        "title": "Probe",
        "type": "object",
    }


def test_get_openapi_called_directly_pauses_it_too() -> None:
    app = _app(Probe)
    document = get_openapi(title="Direct", version="2", routes=app.routes)
    assert seen == [False]
    assert gc.isenabled() is True
    assert document["info"] == {"title": "Direct", "version": "2"}


def test_a_failing_build_still_resumes_the_collector() -> None:
    with pytest.raises(RuntimeError, match="schema hook failed"):
        _app(FailingProbe).openapi()
    assert seen == [False]
    assert gc.isenabled() is True


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    _app(Probe).openapi()
    assert seen == [False]
    assert gc.isenabled() is False

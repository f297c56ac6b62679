"""The Starlette app of the in-process benchmark answers every scenario as Keel does.

Skipped when Starlette is not installed (it comes with the ``bench`` extra, through
FastAPI); no timing anywhere.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("starlette")

from benchmarks import inprocess  # noqa: E402
from benchmarks._apps_fastapi_style import build_keel  # noqa: E402
from benchmarks._apps_starlette import build_starlette  # noqa: E402
from benchmarks._asgi import Caller, lifespan  # noqa: E402
from benchmarks._report import KEEL, STARLETTE  # noqa: E402
from benchmarks._scenarios import SCENARIOS, Scenario  # noqa: E402
from tests.benchmarks.test_inprocess import EXPECTED  # noqa: E402


@pytest.mark.anyio
async def test_starlette_answers_every_scenario_like_keel() -> None:
    apps = {KEEL: build_keel(), STARLETTE: build_starlette()}
    async with lifespan(apps[STARLETTE]):
        answers = await inprocess.verify(apps, SCENARIOS)
        for scenario in SCENARIOS:
            status, headers, body = await Caller(scenario).answer(apps[STARLETTE])
            assert (status, body) == (answers[scenario.key][0], answers[scenario.key][2])
            want_status, want_body = EXPECTED[scenario.key]
            assert status == want_status, scenario.key
            decoded: Any = body if isinstance(want_body, bytes) else json.loads(body)
            assert decoded == want_body, scenario.key
            assert headers[b"content-length"] == str(len(body)).encode()


@pytest.mark.anyio
async def test_starlette_validates_query_parameters_by_hand() -> None:
    bad = Scenario("bad", "bad limit", "GET", "/items/42", query=b"limit=lots")
    status, _, body = await Caller(bad).answer(build_starlette())
    assert status == 422
    assert json.loads(body) == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["query", "limit"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "lots",
            }
        ]
    }


@pytest.mark.anyio
async def test_starlette_deps_without_the_header_is_a_json_error() -> None:
    status, _, body = await Caller(Scenario("d", "no token", "GET", "/deps")).answer(
        build_starlette()
    )
    assert (status, json.loads(body)) == (422, {"detail": "missing x-token"})


def test_the_in_process_run_has_a_starlette_column() -> None:
    assert list(inprocess.BUILDERS) == [KEEL, "FastAPI", STARLETTE, "Litestar", "raw ASGI floor"]
    apps, skipped = inprocess.load_apps([KEEL, STARLETTE])
    assert list(apps) == [KEEL, STARLETTE] and skipped == []

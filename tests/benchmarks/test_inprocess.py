"""Smoke test of benchmarks.inprocess: the scenarios build and answer correctly.

No timing assertion anywhere: only that Keel and the raw floor answer every scenario with
the expected status and body, that a differing answer stops the run, that a tiny run
writes its report, and that the report marks issue 9's targets. FastAPI, Starlette and
Litestar are never imported here (``test_starlette`` covers Starlette's app).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from benchmarks import inprocess
from benchmarks._apps_fastapi_style import build_keel
from benchmarks._apps_raw import build_raw
from benchmarks._asgi import Caller, lifespan
from benchmarks._models import CATALOG, ORDER
from benchmarks._report import (
    FASTAPI,
    FLOOR,
    KEEL,
    LITESTAR,
    STARLETTE,
    Results,
    markdown,
    targets,
)
from benchmarks._scenarios import SCENARIOS

PUBLIC_ORDER = {
    "id": 1001,
    "customer": {
        "name": "Ada Lovelace",
        "address": {
            "street": "1 Analytical Way",
            "city": "London",
            "zip_code": "N1 9GU",
            "country": "NL",
        },
    },
    "items": ORDER["items"],
    "note": "leave at the door",
}

EXPECTED: dict[str, tuple[int, Any]] = {
    "plaintext": (200, b"Hello, World!"),
    "json": (200, {"message": "Hello, World!"}),
    "params": (200, {"item_id": 42, "q": "hello", "limit": 5}),
    "body": (200, PUBLIC_ORDER),
    "deps": (
        200,
        {"user": {"name": "alice", "token": "secret-token", "session": "session-1"}, "level": 3},
    ),
    "list100": (200, [item.model_dump() for item in CATALOG]),
    "route50": (200, {"route": 49, "item_id": 7}),
    "invalid": (
        422,
        {
            "detail": [
                {
                    "type": "missing",
                    "loc": ["body", "customer", "email"],
                    "msg": "Field required",
                    "input": {"name": "Ada Lovelace", "address": ORDER["customer"]["address"]},
                },
                {
                    "type": "int_parsing",
                    "loc": ["body", "items", 0, "quantity"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "many",
                },
            ]
        },
    ),
    "notfound": (404, {"detail": "Not Found"}),
    "sync": (200, {"message": "Hello from a thread"}),
}


def test_every_scenario_has_an_expectation() -> None:
    assert [s.key for s in SCENARIOS] == list(EXPECTED)


@pytest.mark.anyio
@pytest.mark.parametrize("build", [build_keel, build_raw], ids=[KEEL, FLOOR])
async def test_scenarios_answer_as_expected(build: Any) -> None:
    app = build()
    async with lifespan(app):
        for scenario in SCENARIOS:
            status, headers, body = await Caller(scenario).answer(app)
            want_status, want_body = EXPECTED[scenario.key]
            assert status == want_status, scenario.key
            if isinstance(want_body, bytes):
                assert body == want_body
                assert headers[b"content-type"] == b"text/plain; charset=utf-8"
            else:
                assert json.loads(body) == want_body, scenario.key
                assert headers[b"content-type"] == b"application/json"
            assert headers[b"content-length"] == str(len(body)).encode()


@pytest.mark.anyio
async def test_verify_accepts_keel_and_floor_and_returns_keels_answers() -> None:
    apps = {KEEL: build_keel(), FLOOR: build_raw()}
    async with lifespan(apps[KEEL]):
        answers = await inprocess.verify(apps, SCENARIOS)
    assert {k: a[0] for k, a in answers.items()} == {k: v[0] for k, v in EXPECTED.items()}
    assert answers["plaintext"][2] == b"Hello, World!"


@pytest.mark.anyio
async def test_verify_refuses_apps_that_answer_differently() -> None:
    async def liar(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"Hello, Mars!"})

    with pytest.raises(
        inprocess.Mismatch, match=r"\[plaintext\] liar answered 200 b'Hello, Mars!'"
    ):
        await inprocess.verify({KEEL: build_keel(), "liar": liar}, SCENARIOS[:1])


@pytest.mark.anyio
async def test_lifespan_reports_a_failed_startup() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    with pytest.raises(RuntimeError, match="lifespan startup failed"):
        async with lifespan(broken):
            pass


def test_tiny_run_writes_the_report(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--runs", "1", "--batch-ms", "1", "--only", "plaintext", "json", "--out", str(tmp_path)]
    argv.append("--no-chart")  # matplotlib's import alone takes seconds
    status = inprocess.main([*argv, "--frameworks", KEEL, FLOOR])
    assert status == 0
    report = (tmp_path / "inprocess.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == report + "\n"
    assert "| plaintext | " in report and "| JSON dict | " in report
    assert "- machine: " in report and "- Python: CPython" in report
    record = json.loads((tmp_path / "inprocess.json").read_text(encoding="utf-8"))
    assert set(record["median_micros"]) == {"plaintext", "json"}
    assert set(record["median_micros"]["json"]) == {KEEL, FLOOR}


def test_markdown_marks_targets_from_the_ratios() -> None:
    results = Results(SCENARIOS[:2], [KEEL, "FastAPI", "Litestar"], runs=5, batch_seconds=0.05)
    results.micros = {
        "plaintext": {KEEL: 10.0, "FastAPI": 40.0, "Litestar": 20.0},
        "json": {KEEL: 10.0, "FastAPI": 30.0, "Litestar": 5.0},
    }
    env = {"machine": "m", "python": "p", "versions": "v", "date": "d"}
    text = markdown(results, env)
    assert "| plaintext | 10.0 | 40.0 | 20.0 | 4.00x ✓ | — | 2.00x ✓ | — | — |" in text
    assert "| JSON dict | 10.0 | 30.0 | 5.0 | 3.00x ✗ | — | 0.50x ✗ | — | — |" in text
    assert "the median\nof 5 runs" in text
    assert (
        "| every async scenario ≥ 4x faster than FastAPI | "
        "lowest FastAPI / Keel: 3.00x (JSON dict) | ✗ |" in text
    )


def test_targets_follow_issue_9() -> None:
    sync = SCENARIOS[-1]
    assert not sync.asynchronous
    results = Results((SCENARIOS[0], sync), [KEEL, FASTAPI, STARLETTE, LITESTAR, FLOOR], 3, 0.01)
    results.micros = {
        "plaintext": {KEEL: 10.0, FASTAPI: 45.0, STARLETTE: 8.0, LITESTAR: 11.0, FLOOR: 4.0},
        "sync": {KEEL: 100.0, FASTAPI: 310.0, STARLETTE: 90.0, LITESTAR: 99.0, FLOOR: 80.0},
    }
    assert targets(results) == [
        ("geometric mean of the async scenarios within 3x of the raw floor",
         "Keel / floor = 2.50x", True),
        ("every async scenario ≥ 4x faster than FastAPI",
         "lowest FastAPI / Keel: 4.50x (plaintext)", True),
        ("sync `def` endpoint ≤ 1/3 of FastAPI's time",
         "lowest FastAPI / Keel: 3.10x (sync def endpoint)", True),
        ("every scenario faster than Litestar",
         "lowest Litestar / Keel: 0.99x (sync def endpoint)", False),
    ]
    text = markdown(results, {"machine": "m", "python": "p", "versions": "v", "date": "d"})
    assert "| plaintext | 10.0 | 45.0 | 8.0 | 11.0 | 4.0 | 4.50x ✓ | 0.80x | 1.10x ✓ | 2.50x |" in text
    assert "| **2.50x ✓** |" in text


def test_targets_say_when_nothing_was_measured() -> None:
    results = Results(SCENARIOS[:1], [KEEL], 1, 0.01)
    results.micros = {"plaintext": {KEEL: 10.0}}
    assert [(text, ok) for text, _, ok in targets(results)] == [
        ("geometric mean of the async scenarios within 3x of the raw floor", None),
        ("every async scenario ≥ 4x faster than FastAPI", None),
        ("sync `def` endpoint ≤ 1/3 of FastAPI's time", None),
        ("every scenario faster than Litestar", None),
    ]

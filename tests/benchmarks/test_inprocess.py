"""Smoke test of benchmarks.inprocess: the scenarios build and answer correctly.

No timing assertion anywhere: only that Keel and the raw floor answer every scenario with
the expected status and body, that a differing answer stops the run, and that a tiny run
writes its report. FastAPI and Litestar are never imported here.
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
from benchmarks._report import FLOOR, KEEL, Results, markdown
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
        "json": {KEEL: 10.0, "FastAPI": 20.0, "Litestar": 5.0},
    }
    env = {"machine": "m", "python": "p", "versions": "v", "date": "d"}
    text = markdown(results, env)
    assert "| plaintext | 10.0 | 40.0 | 20.0 | 4.00x ✓ | 2.00x ✓ | — | — |" in text
    assert "| JSON dict | 10.0 | 20.0 | 5.0 | 2.00x ✗ | 0.50x ✗ | — | — |" in text
    assert "the median\nof 5 runs" in text

"""Smoke test of benchmarks.memory: a tiny leak check runs and writes a well-formed report.

No figure is asserted beyond its shape: RSS depends on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import memory
from benchmarks._asgi import Caller, lifespan


@pytest.mark.anyio
async def test_the_memory_app_streams_through_its_middleware() -> None:
    app = memory.build_app()
    async with lifespan(app):
        messages = await Caller(memory.STREAM)(app)
        status, headers, body = await Caller(memory.STREAM).answer(app)
    assert (status, body) == (200, b"".join(f"chunk {i}\n".encode() for i in range(5)))
    assert headers[b"content-type"].startswith(b"text/plain")
    assert len([m for m in messages if m["type"] == "http.response.body"]) >= 5


def test_the_mix_covers_the_scenarios_issue_9_names() -> None:
    keys = [s.key for s in memory.MIX]
    assert {"invalid", "sync", "deps", "stream", "notfound"} <= set(keys)
    assert len(keys) == len(set(keys)) == 11


def test_a_tiny_run_writes_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--requests", "2000", "--warmup", "200", "--steps", "4", "--no-chart"]
    argv += ["--out", str(tmp_path)]
    assert memory.main(argv) == 0
    text = (tmp_path / "memory.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == text + "\n"
    assert text.startswith("# Memory: RSS over a long run (leak check)\n")
    assert "2,000 requests after a warm-up of 200, cycling through 11 scenarios" in text
    assert "| RSS at start | RSS after warm-up | RSS after the run | growth | peak RSS |" in text
    assert "| RSS growth over 2,000 requests < 5% | " in text
    record = json.loads((tmp_path / "memory.json").read_text(encoding="utf-8"))
    assert record["requests"] == 2000 and record["warmup"] == 200
    assert record["target_percent"] == 5.0
    assert record["rss_end"] > 0 and record["peak_rss"] >= record["rss_end"]
    assert [n for n, _ in record["trajectory"]] == [0, 500, 1000, 1500, 2000]
    assert record["met"] == (record["growth_percent"] < 5.0)
    assert "python" in record["environment"]


def test_trace_lists_file_and_line() -> None:
    report = memory.run(300, warmup=100, steps=1, trace=100)
    assert report.requests == 300 and len(report.trajectory) == 2
    assert all(":" in line and " KiB in " in line for line in report.leaks)
    text = memory.markdown(report, {"machine": "m", "python": "p", "versions": "v", "date": "d"})
    if report.leaks:
        assert "tracemalloc: lines whose allocations outlived a further run" in text


def test_growth_percent_and_target() -> None:
    report = memory.Report(requests=10, warmup=1, rss_warm=100 * 2**20, rss_end=104 * 2**20)
    assert report.growth_percent == pytest.approx(4.0)
    assert report.met
    report.rss_end = 105 * 2**20
    assert not report.met


LEAKED: list[bytes] = []


def _leaky_app() -> object:
    app = _BUILD()

    @app.middleware("http")  # type: ignore[attr-defined]
    async def hoard(request: object, call_next: Any) -> Any:
        LEAKED.append(bytes(20 * 1024))  # the leak
        return await call_next(request)

    return app


_BUILD = memory.build_app


def leak_report() -> None:
    """Run the leaky app through the check and print the verdict (in a fresh interpreter)."""
    memory.build_app = _leaky_app  # type: ignore[assignment]
    report = memory.run(2000, warmup=200, steps=1, trace=200)
    print(json.dumps({"met": report.met, "growth": report.growth_percent, "leaks": report.leaks}))


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RSS read from /proc")
def test_a_leak_is_caught_and_traced_to_its_line() -> None:
    """An app that keeps 20 KiB per request fails the target and tracemalloc names the line.

    It runs in a fresh interpreter: inside a long test session freed-but-resident memory
    absorbs the leak, so RSS would hardly move.
    """
    root = Path(__file__).resolve().parents[2]
    code = "from tests.benchmarks.test_memory import leak_report; leak_report()"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert not report["met"] and report["growth"] > 5
    assert "tests/benchmarks/test_memory.py:" in report["leaks"][0]
    line = int(report["leaks"][0].split(":")[1])
    source = Path(__file__).read_text(encoding="utf-8").splitlines()[line - 1]
    assert source.strip() == "LEAKED.append(bytes(20 * 1024))  # the leak"

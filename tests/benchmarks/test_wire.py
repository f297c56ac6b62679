"""Smoke test of benchmarks.wire: wrk parsing, the report, and one tiny real run.

The real run serves Keel on its built-in server and loads it for a fraction of a second
with the Python generator in this process; no figure is asserted, only the report's shape.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from benchmarks import wire
from benchmarks._load import Result, parse_wrk

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8000/plaintext
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.00ms    2.00ms  40.00ms   90.00%
  Latency Distribution
     50%    9.50ms
     75%   11.00ms
     90%   13.00ms
     99%  850.00us
  30000 requests in 3.00s, 4.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  10000.50
Transfer/sec:      1.33MB
"""


def test_parse_wrk_reads_rate_percentiles_and_errors() -> None:
    assert parse_wrk(WRK_OUTPUT) == Result(10000.5, 9.5, 0.85, 7)


def test_servers_always_include_keels_built_in_server() -> None:
    found, notes = wire.servers()
    first = found[0]
    assert (first.framework, first.server, first.name) == ("Keel", wire.BUILTIN,
                                                           "Keel on built-in")
    assert first.command[1:4] == ("-m", "framework", "run")
    h11 = [s for s in found if s.server == wire.H11]
    assert [s.framework for s in h11][0] == "Keel"
    assert all("--http" in s.command for s in found[1:])
    assert all(isinstance(note, str) for note in notes)


def _case(framework: str, server: str, endpoint: str, rps: list[float]) -> wire.Case:
    spec = wire.Server(framework, server, "asyncio", ("x",))
    return wire.Case(spec, endpoint, [Result(r, 1.0, 2.0, 0) for r in rps])


def test_markdown_gives_medians_ratios_and_the_target() -> None:
    cases = [
        _case("Keel", wire.BUILTIN, "plaintext", [900.0, 1100.0, 1000.0]),
        _case("Keel", wire.H11, "plaintext", [800.0]),
        _case("Keel", wire.HTTPTOOLS, "plaintext", [2000.0]),
        _case("FastAPI", wire.HTTPTOOLS, "plaintext", [500.0]),
    ]
    args = argparse.Namespace(connections=64, warmup=1.0, runs=3, seconds=3.0)
    env = {"machine": "m", "python": "p", "versions": "v", "date": "d"}
    text = wire.markdown(cases, "wrk", args, env, ["FastAPI h11 not run"])
    assert "| Keel | built-in | asyncio | plaintext | 1,000 | 1.00 | 2.00 | 0 |" in text
    assert "| Keel: built-in / uvicorn h11 | plaintext | 1.25x |" in text
    assert "| uvicorn httptools: Keel / FastAPI | plaintext | 4.00x |" in text
    assert "| Keel: built-in / uvicorn h11 ≥ 1.00 (plaintext) | 1.25x | ✓ |" in text
    assert "then 3 rounds of 3 s" in text and "FastAPI h11 not run" in text


def test_a_tiny_real_run_writes_the_report(tmp_path: Path) -> None:
    argv = ["--servers", wire.BUILTIN, "--keel-only", "--generator", "python", "--runs", "1",
            "--seconds", "0.3", "--warmup", "0.1", "--processes", "1", "--connections", "2",
            "--no-chart", "--out", str(tmp_path)]
    assert wire.main(argv) == 0
    text = (tmp_path / "wire.md").read_text(encoding="utf-8")
    assert "| Keel | built-in | asyncio | plaintext | " in text
    assert "| Keel | built-in | asyncio | json | " in text
    record = json.loads((tmp_path / "wire.json").read_text(encoding="utf-8"))
    assert [(c["server"], c["endpoint"]) for c in record["cases"]] == [
        (wire.BUILTIN, "plaintext"), (wire.BUILTIN, "json"),
    ]
    for case in record["cases"]:
        assert case["median"]["requests_per_second"] > 0
        assert case["median"]["errors"] == 0
        assert len(case["samples"]) == 1


def test_the_fastapi_twin_serves_the_same_routes() -> None:
    pytest.importorskip("fastapi")
    twin = wire.fastapi_app()
    paths = {getattr(route, "path", None) for route in twin.routes}
    assert {"/plaintext", "/json"} <= paths

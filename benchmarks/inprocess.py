"""In-process benchmark of issue 3: Keel vs FastAPI, Starlette, Litestar and a raw floor.

Run with ``python -m benchmarks.inprocess`` (``--help`` for options). Each framework's
app is built from its own module (``_apps_*``), called with no server through
``benchmarks._asgi``; every scenario first checks that all frameworks answer with the
same status and body, then times batches of requests, frameworks interleaved inside each
run so load drift hits them alike, and reports the median microseconds per request as a
markdown table (stdout and ``benchmarks/results/inprocess.md``), a JSON record and, with
matplotlib, a PNG chart. ``--profile`` runs Keel's scenarios under cProfile instead.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anyio

from benchmarks._asgi import Answer, Caller, lifespan
from benchmarks._report import (
    FASTAPI,
    FLOOR,
    KEEL,
    LITESTAR,
    STARLETTE,
    Results,
    environment,
    markdown,
    write_chart,
)
from benchmarks._scenarios import SCENARIOS, Scenario

__all__ = ["Mismatch", "load_apps", "main", "measure", "verify"]

RESULTS_DIR = Path(__file__).parent / "results"


class Mismatch(Exception):
    """Two frameworks answered a scenario differently: timing them would compare apples
    with pears."""


def _keel() -> Any:
    from benchmarks._apps_fastapi_style import build_keel

    return build_keel()


def _fastapi() -> Any:
    from benchmarks._apps_fastapi_style import build_fastapi

    return build_fastapi()


def _starlette() -> Any:
    from benchmarks._apps_starlette import build_starlette

    return build_starlette()


def _litestar() -> Any:
    from benchmarks._apps_litestar import build_litestar

    return build_litestar()


def _floor() -> Any:
    from benchmarks._apps_raw import build_raw

    return build_raw()


BUILDERS: dict[str, Callable[[], Any]] = {
    KEEL: _keel,
    FASTAPI: _fastapi,
    STARLETTE: _starlette,
    LITESTAR: _litestar,
    FLOOR: _floor,
}


def load_apps(names: Sequence[str] = tuple(BUILDERS)) -> tuple[dict[str, Any], list[str]]:
    """Build every app whose framework is importable; also say which were skipped."""
    apps: dict[str, Any] = {}
    skipped: list[str] = []
    for name in names:
        try:
            apps[name] = BUILDERS[name]()
        except ImportError as exc:
            if name == KEEL:
                raise
            skipped.append(f"{name} ({exc.name or exc} not installed)")
    return apps, skipped


def _describe(answer: Answer) -> str:
    status, _, body = answer
    shown = body if len(body) <= 400 else body[:400] + b"..."
    return f"{status} {shown!r}"


async def verify(apps: dict[str, Any], scenarios: Sequence[Scenario]) -> dict[str, Answer]:
    """Every app must give every scenario the same status and body; return Keel's answers."""
    reference: dict[str, Answer] = {}
    for scenario in scenarios:
        caller = Caller(scenario)
        answers = {name: await caller.answer(app) for name, app in apps.items()}
        keel = answers[KEEL]
        reference[scenario.key] = keel
        for name, answer in answers.items():
            if (answer[0], answer[2]) != (keel[0], keel[2]):
                raise Mismatch(
                    f"[{scenario.label}] {name} answered {_describe(answer)}\n"
                    f"  but {KEEL} answered {_describe(keel)}"
                )
    return reference


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = CLOCKS["wall"]


async def _batch(caller: Caller, app: Any, number: int) -> float:
    gc.collect()
    start = _clock()
    for _ in range(number):
        await caller(app)
    return _clock() - start


async def _calibrate(caller: Caller, app: Any, seconds: float) -> int:
    """How many requests fill a batch of about ``seconds``."""
    number = 1
    while True:
        elapsed = await _batch(caller, app, number)
        if elapsed >= seconds / 5 or number >= 1 << 20:
            return max(1, int(number * seconds / max(elapsed, 1e-9)))
        number *= 4


async def measure(
    apps: dict[str, Any], scenario: Scenario, runs: int, seconds: float
) -> tuple[dict[str, float], dict[str, int]]:
    """Median µs per request of each app on ``scenario``, and the batch sizes used."""
    caller = Caller(scenario)
    numbers = {name: await _calibrate(caller, app, seconds) for name, app in apps.items()}
    samples: dict[str, list[float]] = {name: [] for name in apps}
    names = list(apps)
    for run in range(runs):
        # Each run starts with the next framework: none is always first (just after the
        # previous scenario) or always last.
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed = await _batch(caller, apps[name], numbers[name])
            samples[name].append(elapsed / numbers[name] * 1e6)
    return {name: statistics.median(v) for name, v in samples.items()}, numbers


async def _noop(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def run(args: argparse.Namespace, apps: dict[str, Any]) -> Results:
    scenarios = tuple(s for s in SCENARIOS if not args.only or s.key in args.only)
    results = Results(scenarios, list(apps), args.runs, args.batch_ms / 1000, args.clock)
    async with _lifespans(apps):
        await verify(apps, scenarios)
        noop, _ = await measure({"noop": _noop}, SCENARIOS[0], args.runs, args.batch_ms / 1000)
        results.driver_micros = noop["noop"]
        for scenario in scenarios:
            micros, numbers = await measure(apps, scenario, args.runs, args.batch_ms / 1000)
            results.micros[scenario.key] = micros
            results.requests[scenario.key] = numbers
            if args.verbose:
                cells = "  ".join(f"{n}: {v:8.1f}" for n, v in micros.items())
                print(f"{scenario.label:48} {cells}", file=sys.stderr)
    return results


class _lifespans:
    """Every app's lifespan open around the whole measurement."""

    def __init__(self, apps: dict[str, Any]) -> None:
        self.managers = [lifespan(app) for app in apps.values()]

    async def __aenter__(self) -> None:
        for manager in self.managers:
            await manager.__aenter__()

    async def __aexit__(self, *exc: Any) -> None:
        for manager in reversed(self.managers):
            await manager.__aexit__(*exc)


def _write(results: Results, text: str, out: Path, chart: bool) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "inprocess.md", out / "inprocess.json"]
    written[0].write_text(text, encoding="utf-8")
    record = {
        "environment": environment(),
        "runs": results.runs,
        "batch_seconds": results.batch_seconds,
        "clock": results.clock,
        "driver_micros": results.driver_micros,
        "median_micros": results.micros,
        "requests_per_batch": results.requests,
    }
    written[1].write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if chart and write_chart(results, out / "inprocess.png"):
        written.append(out / "inprocess.png")
    return written


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="runs per scenario (median)")
    parser.add_argument("--batch-ms", type=float, default=60.0, help="length of one run")
    parser.add_argument("--only", nargs="*", choices=[s.key for s in SCENARIOS], default=[])
    parser.add_argument("--frameworks", nargs="*", choices=list(BUILDERS), default=list(BUILDERS))
    parser.add_argument(
        "--clock",
        choices=list(CLOCKS),
        default="wall",
        help="wall (perf_counter) or cpu (process_time: this process's CPU time, all "
        "threads; steadier on a loaded machine)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results directory")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    parser.add_argument("--profile", action="store_true", help="cProfile Keel instead")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if KEEL not in args.frameworks:
        args.frameworks.insert(0, KEEL)
    if args.profile:
        from benchmarks._profile import profile_keel

        return profile_keel(args.only or [s.key for s in SCENARIOS])
    global _clock
    _clock = CLOCKS[args.clock]
    apps, skipped = load_apps(args.frameworks)
    try:
        results = anyio.run(run, args, apps)
    except Mismatch as exc:
        print(f"answers differ, not timing:\n{exc}", file=sys.stderr)
        return 1
    text = markdown(results, environment())
    command = " ".join(["python -m benchmarks.inprocess", *(argv or sys.argv[1:])])
    text += f"\nProduced by `{command}`.\n"
    if skipped:
        text += f"\nNot installed, so not measured: {', '.join(skipped)}.\n"
    print(text)
    if not args.no_write:
        for path in _write(results, text, args.out, not args.no_chart):
            print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

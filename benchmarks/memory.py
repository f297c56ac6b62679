"""Leak check: Keel's resident memory over 200,000 in-process requests (issue 9: < 5%).

Run with ``python -m benchmarks.memory`` (``--requests`` to shorten). The app is the
in-process benchmark's Keel app plus a streaming endpoint and one pass-through
``@app.middleware("http")`` layer that every request crosses; the requests cycle through
every in-process scenario (the 422, the sync ``def`` endpoint, the ``yield`` dependency,
the 404 ...) and the streaming one, each answer checked against the first one. RSS is
read from ``/proc/self/statm`` after a warm-up (a tenth of the requests, at least 2,000:
caches, the thread pool and the allocator's arenas filled) and again after all of them,
both after ``gc.collect()``; peak RSS is ``ru_maxrss``. Growth is (after - warm) / warm.
When growth reaches the target, or with ``--trace``, tracemalloc snapshots taken around a
further run show which lines kept the memory. Writes ``results/memory.{md,json}`` and,
with matplotlib, ``memory.png`` (RSS over the run).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import anyio

from benchmarks._asgi import Caller, lifespan
from benchmarks._report import environment, environment_lines
from benchmarks._scenarios import SCENARIOS, Scenario

__all__ = ["MIX", "Report", "build_app", "main", "run"]

RESULTS_DIR = Path(__file__).parent / "results"
GROWTH_TARGET = 5.0  # percent, issue 9
STREAM = Scenario("stream", "streaming response (5 chunks)", "GET", "/stream")
MIX: tuple[Scenario, ...] = (*SCENARIOS, STREAM)
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def build_app() -> Any:
    """The in-process Keel app, plus a streaming endpoint and a middleware layer."""
    from benchmarks._apps_fastapi_style import build_keel
    from framework import App, Request
    from framework.responses import StreamingResponse

    app: App = build_keel()

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(5):
            yield f"chunk {i}\n".encode()

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        return StreamingResponse(chunks(), media_type="text/plain")

    @app.middleware("http")
    async def pass_through(request: Request, call_next: Any) -> Any:
        return await call_next(request)

    return app


def rss_bytes() -> int:
    """This process's resident set size now."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except OSError:  # not Linux: the peak is the best there is
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class Report:
    requests: int
    warmup: int
    seconds: float = 0.0
    rss_start: int = 0
    rss_warm: int = 0
    rss_end: int = 0
    peak_rss: int = 0
    trajectory: list[tuple[int, int]] = field(default_factory=list)  # (requests, rss)
    leaks: list[str] = field(default_factory=list)  # tracemalloc's top lines

    @property
    def growth_percent(self) -> float:
        return (self.rss_end - self.rss_warm) / self.rss_warm * 100 if self.rss_warm else 0.0

    @property
    def met(self) -> bool:
        return self.growth_percent < GROWTH_TARGET


async def _drive(app: Any, callers: list[Caller], number: int, expected: list[Any]) -> None:
    """``number`` requests cycling through the mix; every answer must match the first."""
    count = len(callers)
    for i in range(number):
        messages = await callers[i % count](app)
        status = messages[0].get("status")
        if status != expected[i % count]:
            raise RuntimeError(f"{MIX[i % count].key}: status {status}, expected "
                               f"{expected[i % count]}")


def _settled_rss() -> int:
    gc.collect()
    return rss_bytes()


async def _measure(app: Any, report: Report, steps: int, trace: int) -> None:
    """Fill ``report``; ``trace`` > 0: that many requests between tracemalloc snapshots
    (always when the growth reaches the target)."""
    callers = [Caller(s) for s in MIX]
    async with lifespan(app):
        expected = [(await c.answer(app))[0] for c in callers]
        report.rss_start = _settled_rss()
        await _drive(app, callers, report.warmup, expected)
        report.rss_warm = _settled_rss()
        report.trajectory.append((0, report.rss_warm))
        start = time.perf_counter()
        step = max(1, report.requests // steps)
        done = 0
        while done < report.requests:
            number = min(step, report.requests - done)
            await _drive(app, callers, number, expected)
            done += number
            report.trajectory.append((done, _settled_rss()))
        report.seconds = time.perf_counter() - start
        report.rss_end = report.trajectory[-1][1]
        report.peak_rss = max(peak_rss_bytes(), *(rss for _, rss in report.trajectory))
        if trace or not report.met:
            number = trace or max(500, report.requests // 20)
            report.leaks = await _trace(app, callers, number, expected)


async def _trace(app: Any, callers: list[Caller], number: int, expected: list[Any]) -> list[str]:
    """The lines whose allocations outlived ``number`` further requests, largest first."""
    tracemalloc.start(8)
    try:
        await _drive(app, callers, number, expected)
        gc.collect()
        before = tracemalloc.take_snapshot()
        await _drive(app, callers, number, expected)
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    stats = after.filter_traces(ignore).compare_to(before.filter_traces(ignore), "lineno")
    grown = [s for s in stats if s.size_diff > 0][:10]
    return [f"{_short(s.traceback[0].filename)}:{s.traceback[0].lineno}: "
            f"+{s.size_diff / 1024:.1f} KiB in {s.count_diff:+d} blocks over {number:,} requests"
            for s in grown]


def _short(filename: str) -> str:
    """A path relative to the repository or to site-packages, as the report shows it."""
    for marker in (str(Path(__file__).resolve().parent.parent) + os.sep, "site-packages" + os.sep):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def run(requests: int, warmup: int | None = None, steps: int = 20, trace: int = 0) -> Report:
    """Build the app and measure; ``warmup`` defaults to a tenth (at least 2,000);
    ``trace``: requests between tracemalloc snapshots, 0 for only when over the target."""
    report = Report(requests, max(2_000, requests // 10) if warmup is None else warmup)
    anyio.run(_measure, build_app(), report, steps, trace)
    return report


def _mb(value: int) -> str:
    return f"{value / 2**20:.1f} MiB"


def markdown(report: Report, env: dict[str, str]) -> str:
    verdict = "✓" if report.met else "✗"
    lines = [
        "# Memory: RSS over a long run (leak check)",
        "",
        f"Keel in-process, one process, {report.requests:,} requests after a warm-up of "
        f"{report.warmup:,}, cycling through {len(MIX)} scenarios "
        f"({', '.join(s.key for s in MIX)})",
        "through one `@app.middleware(\"http\")` layer; RSS from /proc/self/statm after "
        "`gc.collect()`, peak from `ru_maxrss`. One run (the figure is a difference of two "
        "readings of the same run, not a timing).",
        "",
        *environment_lines(env),
        "",
        "| RSS at start | RSS after warm-up | RSS after the run | growth | peak RSS | req/s |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {_mb(report.rss_start)} | {_mb(report.rss_warm)} | {_mb(report.rss_end)} | "
        f"{report.growth_percent:+.2f}% | {_mb(report.peak_rss)} | "
        f"{report.requests / report.seconds if report.seconds else 0:,.0f} |",
        "",
        "| target (issue 9) | measured | met |",
        "|---|---|---|",
        f"| RSS growth over {report.requests:,} requests < {GROWTH_TARGET:.0f}% | "
        f"{report.growth_percent:+.2f}% | {verdict} |",
        "",
    ]
    if report.leaks:
        lines += ["tracemalloc: lines whose allocations outlived a further run "
                  "(snapshot diff, largest first):", "",
                  *(f"- `{line}`" for line in report.leaks), ""]
    return "\n".join(lines)


def write_chart(report: Report, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.plot([n for n, _ in report.trajectory], [r / 2**20 for _, r in report.trajectory],
            marker="o", markersize=3)
    ax.axhline(report.rss_warm * (1 + GROWTH_TARGET / 100) / 2**20, color="red",
               linestyle="--", label=f"warm-up RSS + {GROWTH_TARGET:.0f}%")
    ax.set_xlabel("requests after warm-up")
    ax.set_ylabel("RSS (MiB)")
    ax.set_title("Keel: resident memory over the run")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--warmup", type=int, default=None)
    parser.add_argument("--steps", type=int, default=20, help="RSS readings over the run")
    parser.add_argument("--trace", type=int, default=0, metavar="N",
                        help="tracemalloc diff over N requests even if growth < 5%%")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results directory")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    report = run(args.requests, args.warmup, args.steps, args.trace)
    env = environment()
    text = markdown(report, env)
    print(text, flush=True)
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "memory.md").write_text(text, encoding="utf-8")
        record = {"environment": env, **asdict(report),
                  "growth_percent": report.growth_percent, "target_percent": GROWTH_TARGET,
                  "met": report.met}
        (args.out / "memory.json").write_text(json.dumps(record, indent=2) + "\n",
                                              encoding="utf-8")
        if not args.no_chart:
            write_chart(report, args.out / "memory.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())

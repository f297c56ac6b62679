"""Over-the-wire benchmark: Keel on its built-in server and on uvicorn, FastAPI on uvicorn.

Run with ``python -m benchmarks.wire`` (``make bench`` runs it too). Each server is one
worker process on 127.0.0.1 serving this module's ``app`` (or FastAPI's twin of it):
Keel's built-in server; uvicorn with ``--http httptools`` (uvicorn[standard], on uvloop
when installed) and with ``--http h11`` (on asyncio, like the built-in server), each for
Keel and for FastAPI. All servers start together and stay up; the cases then run
interleaved, ``--runs`` rounds of every (server, endpoint) pair, so drift in the machine's
load hits them alike, and the table gives each figure's median over the rounds. The load
is ``--connections`` kept-alive connections on plaintext and JSON, from ``wrk`` (installed
with apt-get when missing and root) or else a Python generator (``benchmarks._load``).
Writes ``results/wire.md``, ``wire.json`` and, with matplotlib, ``wire.png``.
This is a benchmark, not a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks._load import Result, ensure_wrk, run_python_load, run_wrk
from benchmarks._report import environment, environment_lines
from framework import App
from framework.responses import PlainTextResponse

__all__ = ["Case", "Server", "app", "fastapi_app", "main", "markdown", "servers"]

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).parent / "results"
ENDPOINTS = {"plaintext": "/plaintext", "json": "/json"}
PLAINTEXT = "Hello, World!"
BUILTIN, HTTPTOOLS, H11 = "built-in", "uvicorn httptools", "uvicorn h11"

app = App(openapi_url=None)


@app.get("/plaintext", response_class=PlainTextResponse)
async def plaintext() -> str:
    return PLAINTEXT


@app.get("/json")
async def json_message() -> dict[str, str]:
    return {"message": PLAINTEXT}


def fastapi_app() -> Any:
    """The same two endpoints on FastAPI (a factory: FastAPI is only in the bench extra)."""
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse as FastAPIPlainText

    twin = FastAPI(openapi_url=None)
    twin.get("/plaintext", response_class=FastAPIPlainText)(plaintext)
    twin.get("/json")(json_message)
    return twin


# -- servers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    framework: str
    server: str
    loop: str
    command: tuple[str, ...]  # without the port: ``--port N`` is appended

    @property
    def name(self) -> str:
        return f"{self.framework} on {self.server}"


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def servers() -> tuple[list[Server], list[str]]:
    """Every server this checkout can run, and notes on those it cannot."""
    py, quiet = sys.executable, ("--no-access-log", "--log-level", "warning")
    keel, fastapi = ("benchmarks.wire:app",), ("--factory", "benchmarks.wire:fastapi_app")
    uvicorn = (py, "-m", "uvicorn", "--host", "127.0.0.1", "--lifespan", "off", *quiet)
    uvloop = "uvloop" if _installed("uvloop") else "asyncio"
    found = [Server("Keel", BUILTIN, "asyncio",
                    (py, "-m", "framework", "run", *keel, "--lifespan", "off", *quiet))]
    notes = []
    frameworks: list[tuple[str, tuple[str, ...]]] = [("Keel", keel)]
    if _installed("fastapi"):
        frameworks.append(("FastAPI", fastapi))
    else:
        notes.append("FastAPI is not installed: no FastAPI rows")
    if _installed("httptools"):
        found += [Server(name, HTTPTOOLS, uvloop,
                         (*uvicorn, "--http", "httptools", "--loop", "auto", *target))
                  for name, target in frameworks]
    else:
        notes.append("httptools is not installed (pip install 'uvicorn[standard]'): "
                     "no uvicorn httptools rows")
    found += [Server(name, H11, "asyncio", (*uvicorn, "--http", "h11", "--loop", "asyncio",
                                            *target))
              for name, target in frameworks]
    return found, notes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(command: Sequence[str], port: int, deadline: float = 30.0) -> Iterator[Any]:
    """Run ``command`` in its own process group until the block ends; wait until it listens."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([*command, "--port", str(port)], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        end = time.monotonic() + deadline
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > end:
                raise RuntimeError(f"server did not listen within {deadline} s")
            time.sleep(0.05)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        if proc.stderr is not None:
            proc.stderr.close()


# -- the run ----------------------------------------------------------------------------


@dataclass
class Case:
    """One (server, endpoint) pair: a result per round, and their medians."""

    server: Server
    endpoint: str
    samples: list[Result]

    def median(self) -> Result:
        rows = self.samples
        return Result(
            statistics.median(r.requests_per_second for r in rows),
            statistics.median(r.p50_ms for r in rows),
            statistics.median(r.p99_ms for r in rows),
            sum(r.errors for r in rows),
        )


def _load_once(args: argparse.Namespace, port: int, path: str, seconds: float,
               use_wrk: bool) -> Result:
    if use_wrk:
        return run_wrk(f"http://127.0.0.1:{port}{path}", args.connections, seconds,
                       args.threads)
    return run_python_load(port, path, args.connections, seconds, args.processes)


def measure(args: argparse.Namespace, chosen: list[Server], use_wrk: bool) -> list[Case]:
    """Start every server, warm each endpoint up, then run the rounds interleaved."""
    ports = {server.name: _free_port() for server in chosen}
    cases = [Case(s, e, []) for s in chosen for e in ENDPOINTS]
    with contextlib.ExitStack() as stack:
        for server in chosen:
            stack.enter_context(serving(server.command, ports[server.name]))
        for case in cases:
            port = ports[case.server.name]
            _load_once(args, port, ENDPOINTS[case.endpoint], args.warmup, use_wrk)
        for _ in range(args.runs):
            for case in cases:
                port = ports[case.server.name]
                case.samples.append(
                    _load_once(args, port, ENDPOINTS[case.endpoint], args.seconds, use_wrk)
                )
    return cases


def _rps(cases: list[Case], framework: str, server: str, endpoint: str) -> float | None:
    for case in cases:
        if (case.server.framework, case.server.server, case.endpoint) == (
            framework, server, endpoint,
        ):
            return case.median().requests_per_second or None
    return None


def comparisons(cases: list[Case]) -> list[tuple[str, str, float, float | None]]:
    """(comparison, endpoint, req/s ratio, target or None) for every pair measured."""
    pairs = [
        ("Keel: built-in / uvicorn h11", ("Keel", BUILTIN), ("Keel", H11), 1.0),
        ("Keel: built-in / uvicorn httptools", ("Keel", BUILTIN), ("Keel", HTTPTOOLS), None),
        ("uvicorn httptools: Keel / FastAPI", ("Keel", HTTPTOOLS), ("FastAPI", HTTPTOOLS), None),
        ("uvicorn h11: Keel / FastAPI", ("Keel", H11), ("FastAPI", H11), None),
        ("Keel built-in / FastAPI on uvicorn httptools", ("Keel", BUILTIN),
         ("FastAPI", HTTPTOOLS), None),
    ]
    found = []
    for label, top, bottom, target in pairs:
        for endpoint in ENDPOINTS:
            a, b = _rps(cases, *top, endpoint), _rps(cases, *bottom, endpoint)
            if a and b:
                found.append((label, endpoint, a / b, target))
    return found


def markdown(cases: list[Case], generator: str, args: argparse.Namespace,
             env: dict[str, str], notes: Sequence[str] = ()) -> str:
    lines = [
        "# Over-the-wire benchmark",
        "",
        f"One server worker process per row on 127.0.0.1, {args.connections} kept-alive "
        f"connections, load from {generator}; every case warmed up for {args.warmup:g} s, "
        f"then {args.runs} rounds of {args.seconds:g} s, all cases interleaved within each "
        "round. Figures are medians over the rounds (errors: the total).",
        "",
        *environment_lines(env),
        "",
        "| framework | server | event loop | endpoint | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---:|---:|---:|---:|",
    ]
    for case in cases:
        r, s = case.median(), case.server
        lines.append(f"| {s.framework} | {s.server} | {s.loop} | {case.endpoint} | "
                     f"{r.requests_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
                     f"{r.errors} |")
    found = comparisons(cases)
    lines += ["", "| comparison (req/s ratio) | endpoint | ratio |", "|---|---|---|"]
    lines += [f"| {label} | {endpoint} | {ratio:.2f}x |" for label, endpoint, ratio, _ in found]
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {label} ≥ {target:.2f} ({endpoint}) | {ratio:.2f}x | "
              f"{'✓' if ratio >= target else '✗'} |"
              for label, endpoint, ratio, target in found if target is not None]
    lines += ["", "Issue 9 sets no over-the-wire target; the one above is the server "
              "issue's (the built-in server keeps up with uvicorn's h11).", *notes, ""]
    return "\n".join(lines)


def _record(cases: list[Case], generator: str, args: argparse.Namespace,
            env: dict[str, str]) -> dict[str, Any]:
    return {
        "environment": env,
        "generator": generator,
        "connections": args.connections,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "runs": args.runs,
        "cases": [
            {"framework": c.server.framework, "server": c.server.server,
             "loop": c.server.loop, "endpoint": c.endpoint, "median": asdict(c.median()),
             "samples": [asdict(r) for r in c.samples]}
            for c in cases
        ],
        "comparisons": [
            {"comparison": label, "endpoint": e, "ratio": r, "target": t}
            for label, e, r, t in comparisons(cases)
        ],
    }


def write_chart(cases: list[Case], path: Path, runs: int) -> bool:
    """Grouped bars: req/s of every server, one group per endpoint."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = list(dict.fromkeys(c.server.name for c in cases))
    width = 0.8 / max(1, len(names))
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for i, name in enumerate(names):
        values = [next((c.median().requests_per_second for c in cases
                        if c.server.name == name and c.endpoint == e), 0.0) for e in ENDPOINTS]
        ax.bar([n + i * width for n in range(len(ENDPOINTS))], values, width, label=name)
    ax.set_xticks([n + 0.4 - width / 2 for n in range(len(ENDPOINTS))])
    ax.set_xticklabels(list(ENDPOINTS))
    ax.set_ylabel(f"requests/s (median of {runs} rounds, higher is better)")
    ax.set_title("Over the wire: one worker, kept-alive connections")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wire", description=__doc__)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one round")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3, help="rounds per case (median)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--processes", type=int, default=2, help="Python generator processes")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    parser.add_argument("--servers", nargs="*", choices=(BUILTIN, HTTPTOOLS, H11),
                        default=[BUILTIN, HTTPTOOLS, H11])
    parser.add_argument("--keel-only", action="store_true", help="no FastAPI rows")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results directory")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    use_wrk = args.generator != "python" and ensure_wrk(not args.no_install)
    if args.generator == "wrk" and not use_wrk:
        print("wrk is not available", file=sys.stderr)
        return 2
    generator = ("wrk, 1 thread" if use_wrk and args.threads == 1 else
                 f"wrk, {args.threads} threads" if use_wrk else
                 f"a Python asyncio generator ({args.processes} processes; a lower bound)")
    found, notes = servers()
    chosen = [s for s in found if s.server in args.servers
              and not (args.keel_only and s.framework != "Keel")]
    env = environment()
    cases = measure(args, chosen, use_wrk)
    text = markdown(cases, generator, args, env, notes)
    print(text, flush=True)
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "wire.md").write_text(text, encoding="utf-8")
        record = _record(cases, generator, args, env)
        (args.out / "wire.json").write_text(json.dumps(record, indent=2) + "\n",
                                            encoding="utf-8")
        if not args.no_chart:
            write_chart(cases, args.out / "wire.png", args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

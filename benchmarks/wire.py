"""Over-the-wire benchmark: Keel's built-in server vs ``uvicorn --http h11``, same Keel app.

Run with ``python -m benchmarks.wire`` (``make bench`` runs it too). Each server runs one
worker process on 127.0.0.1 serving this module's ``app`` (and FastAPI's twin under
uvicorn, when FastAPI is installed); the load is 64 kept-alive connections for a fixed
time on two endpoints, plaintext and JSON. The load generator is ``wrk`` when it is on
PATH — if it is not and the script runs as root with apt-get, it installs it
(``apt-get install -y wrk``; ``--no-install`` to skip) — otherwise a Python one (asyncio
raw sockets in worker processes; it saturates sooner than wrk, so its req/s are a lower
bound for every server alike). Prints a markdown table: req/s, p50 and p99 latency.
This is a benchmark, not a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework import App
from framework.responses import PlainTextResponse

__all__ = ["Result", "app", "fastapi_app", "main"]

ROOT = Path(__file__).resolve().parent.parent
ENDPOINTS = {"plaintext": "/plaintext", "json": "/json"}
PLAINTEXT = "Hello, World!"

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_commands(port: int) -> dict[str, list[str]]:
    py, target = sys.executable, "benchmarks.wire:app"
    quiet = ["--no-access-log", "--log-level", "warning"]
    uvicorn = [py, "-m", "uvicorn", "--http", "h11", "--host", "127.0.0.1",
               "--port", str(port), "--lifespan", "off", *quiet]
    return {
        "Keel (built-in server)": [py, "-m", "framework", "run", target, "--port", str(port),
                                   "--lifespan", "off", *quiet],
        "Keel on uvicorn --http h11": [*uvicorn, target],
        "FastAPI on uvicorn --http h11": [*uvicorn, "--factory", "benchmarks.wire:fastapi_app"],
    }


@contextlib.contextmanager
def serving(command: list[str], port: int, deadline: float = 30.0) -> Any:
    """Run ``command`` in its own process group until the block ends; wait until it listens."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
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


# -- load generators --------------------------------------------------------------------


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def parse_wrk(text: str) -> Result:
    """req/s, p50/p99 and errors out of ``wrk --latency`` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors += int(non2xx.group(1)) if non2xx else 0
    return Result(float(rps.group(1)) if rps else 0.0, _wrk_ms(text, "50"),
                  _wrk_ms(text, "99"), errors)


def run_wrk(url: str, connections: int, seconds: float, threads: int) -> Result:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
               "--latency", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30,
                          check=True)
    return parse_wrk(done.stdout)


async def _one_connection(port: int, request: bytes, deadline: float,
                          latencies: list[float]) -> int:
    """Keep-alive requests on one connection until ``deadline``; returns the error count."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    errors = 0
    try:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            match = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
            if match is None or not head.startswith(b"HTTP/1.1 200"):
                return errors + 1
            await reader.readexactly(int(match.group(1)))
            latencies.append(time.perf_counter() - start)
    except (OSError, asyncio.IncompleteReadError):
        errors += 1
    finally:
        writer.close()
    return errors


async def _load(port: int, path: str, connections: int, seconds: float) -> tuple[list[float], int]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    errors = await asyncio.gather(
        *(_one_connection(port, request, deadline, latencies) for _ in range(connections))
    )
    return latencies, sum(errors)


def _load_process(args: tuple[int, str, int, float]) -> tuple[list[float], int]:
    return asyncio.run(_load(*args))


def run_python_load(port: int, path: str, connections: int, seconds: float,
                    processes: int) -> Result:
    """The Python generator: ``connections`` split over ``processes`` asyncio workers."""
    shares = [connections // processes + (i < connections % processes) for i in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        parts = list(pool.map(_load_process, [(port, path, n, seconds) for n in shares if n]))
    latencies = sorted(x for part, _ in parts for x in part)
    errors = sum(e for _, e in parts)
    if not latencies:
        return Result(0.0, float("nan"), float("nan"), errors)

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3

    return Result(len(latencies) / seconds, pct(0.50), pct(0.99), errors)


def ensure_wrk(install: bool) -> bool:
    """Is wrk available? Install it with apt-get when allowed and possible."""
    if shutil.which("wrk"):
        return True
    if not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    print("installing wrk (apt-get install -y wrk) ...", file=sys.stderr, flush=True)
    with contextlib.suppress(subprocess.SubprocessError, OSError):
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, timeout=300,
                       check=True)
    return shutil.which("wrk") is not None


# -- the run ----------------------------------------------------------------------------


def _has_fastapi() -> bool:
    try:
        import fastapi  # noqa: F401
    except ImportError:
        return False
    return True


def measure(args: argparse.Namespace, use_wrk: bool) -> list[tuple[str, str, Result]]:
    rows = []
    for name in _server_commands(0):
        if name.startswith("FastAPI") and not _has_fastapi():
            continue
        port = _free_port()
        with serving(_server_commands(port)[name], port):
            for endpoint, path in ENDPOINTS.items():
                if use_wrk:
                    url = f"http://127.0.0.1:{port}{path}"
                    run_wrk(url, args.connections, args.warmup, args.threads)
                    result = run_wrk(url, args.connections, args.seconds, args.threads)
                else:
                    run_python_load(port, path, args.connections, args.warmup, args.processes)
                    result = run_python_load(port, path, args.connections, args.seconds,
                                             args.processes)
                rows.append((name, endpoint, result))
    return rows


def markdown(rows: list[tuple[str, str, Result]], generator: str,
             args: argparse.Namespace) -> str:
    lines = [
        f"Over the wire: 1 server worker, {args.connections} kept-alive connections, "
        f"{args.seconds:g} s per case after {args.warmup:g} s warm-up, load from {generator}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}.",
        "",
        "| server | endpoint | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, endpoint, r in rows:
        lines.append(f"| {name} | {endpoint} | {r.requests_per_second:,.0f} | "
                     f"{r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |")
    baseline = {e: r for n, e, r in rows if n.startswith("Keel on uvicorn")}
    keel = {e: r for n, e, r in rows if n.startswith("Keel (built-in")}
    for endpoint, r in keel.items():
        other = baseline.get(endpoint)
        if other and other.requests_per_second:
            ratio = r.requests_per_second / other.requests_per_second
            lines.append(f"\nbuilt-in / uvicorn h11, {endpoint}: {ratio:.2f}x req/s "
                         "(target: >= 1.00)")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wire", description=__doc__)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--processes", type=int, default=2, help="Python generator processes")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    use_wrk = args.generator != "python" and ensure_wrk(not args.no_install)
    if args.generator == "wrk" and not use_wrk:
        print("wrk is not available", file=sys.stderr)
        return 2
    generator = "wrk" if use_wrk else f"Python asyncio ({args.processes} processes)"
    print(markdown(measure(args, use_wrk), generator, args), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

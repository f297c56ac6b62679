"""Load generators for the over-the-wire benchmark: ``wrk`` or a Python fallback.

``wrk`` is used when it is on PATH; ``ensure_wrk`` installs it with ``apt-get`` when the
process is root and allowed to. Without it, ``run_python_load`` keeps ``connections``
kept-alive connections busy from a few asyncio worker processes, timing every request;
it saturates sooner than wrk, so its req/s are a lower bound for every server alike.
Both return a ``Result``: req/s, p50 and p99 latency in ms, and the error count.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

__all__ = ["Result", "ensure_wrk", "parse_wrk", "run_python_load", "run_wrk"]


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
    if processes <= 1:  # in this process: no pool to start
        parts = [_load_process((port, path, connections, seconds))]
    else:
        shares = [connections // processes + (i < connections % processes)
                  for i in range(processes)]
        with ProcessPoolExecutor(processes) as pool:
            jobs = [(port, path, n, seconds) for n in shares if n]
            parts = list(pool.map(_load_process, jobs))
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
    install_steps = (["apt-get", "install", "-y", "wrk"], ["apt-get", "update"])
    for step in (install_steps[0], install_steps[1], install_steps[0]):  # update if stale
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            subprocess.run(step, capture_output=True, timeout=300, check=True)
        if shutil.which("wrk"):
            return True
    return False

"""What one pass-through ``@app.middleware("http")`` layer costs per request, in-process.

Issue 6's target: less than 10 microseconds. Two identical apps answer ``GET /`` with a
small JSON body, one with a middleware that only calls ``call_next``; the difference of
their medians is the layer's cost. Run: ``python -m benchmarks.middleware``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import anyio

from framework import App, Request

__all__ = ["main", "measure"]

SCOPE: dict[str, Any] = {
    "type": "http",
    "asgi": {"version": "3.0", "spec_version": "2.4"},
    "http_version": "1.1",
    "method": "GET",
    "scheme": "http",
    "path": "/",
    "raw_path": b"/",
    "query_string": b"",
    "root_path": "",
    "headers": [(b"host", b"bench")],
    "client": ("127.0.0.1", 1),
    "server": ("bench", 80),
}


def build(layers: int) -> App:
    app = App()

    @app.get("/")
    async def root() -> dict[str, str]:
        return {"hello": "world"}

    for _ in range(layers):

        @app.middleware("http")
        async def passthrough(request: Request, call_next: Any) -> Any:
            return await call_next(request)

    return app


async def _once(app: App) -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        return None

    await app(dict(SCOPE, state={}), receive, send)


async def _batch(app: App, requests: int) -> float:
    start = time.perf_counter()
    for _ in range(requests):
        await _once(app)
    return (time.perf_counter() - start) / requests * 1e6


async def measure(runs: int = 9, requests: int = 2000) -> tuple[float, float]:
    """Median µs per request without and with one pass-through layer (interleaved runs)."""
    plain, layered = build(0), build(1)
    await _batch(plain, 200)
    await _batch(layered, 200)
    without, with_layer = [], []
    for _ in range(runs):
        without.append(await _batch(plain, requests))
        with_layer.append(await _batch(layered, requests))
    return statistics.median(without), statistics.median(with_layer)


def main() -> None:
    for backend in ("asyncio", "trio"):
        without, with_layer = anyio.run(measure, backend=backend)
        cost = with_layer - without
        verdict = "✓" if cost < 10 else "✗"
        print(
            f"{backend:8} no middleware {without:7.1f} µs   one layer {with_layer:7.1f} µs   "
            f"layer cost {cost:6.1f} µs {verdict} (target < 10)"
        )


if __name__ == "__main__":
    main()

"""Micro-benchmark of router dispatch: the 1st vs the 50th of 50 dynamic routes.

Run with ``python -m benchmarks.routing``. Prints microseconds per dispatch through
``Router`` (the indexed dispatcher) and, for contrast, through a plain linear scan of the
same routes' ``matches`` (what a regex-per-route router does). The endpoint is a bare
ASGI app that returns at once, so the numbers are the routing cost alone. The coroutine
never suspends, so it is driven by hand: no event loop in the measurement.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from collections.abc import Sequence
from typing import Any

from framework.routing import Match, Route, Router

__all__ = ["main"]

ROUTES = 50
NUMBER = 5_000
ROUNDS = 15


class Endpoint:
    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        return None


def build_router() -> Router:
    endpoint = Endpoint()
    routes = [
        Route(f"/resource{i}/{{item_id:int}}", endpoint, methods=["GET"]) for i in range(ROUTES)
    ]
    return Router(routes)


def linear_app(router: Router) -> Any:
    """The naive dispatcher: try every route's regex in order."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        for route in router.routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                scope.update(child)
                await route.handle(scope, receive, send)
                return

    return app


def dispatcher(app: Any, path: str) -> Any:
    def once() -> None:
        scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
        coro = app(scope, None, None)
        try:
            coro.send(None)
        except StopIteration:
            return
        raise RuntimeError("dispatch suspended")

    return once


def measure(cases: dict[Any, Any]) -> dict[Any, float]:
    """Median microseconds per call of each case, rounds interleaved so drift is shared."""
    samples: dict[Any, list[float]] = {name: [] for name in cases}
    for case in cases.values():
        case()  # warm up
    for _ in range(ROUNDS):
        for name, case in cases.items():
            samples[name].append(timeit.timeit(case, number=NUMBER) / NUMBER * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table (``argv`` is accepted for the suite runner and ignored)."""
    router = build_router()
    linear = linear_app(router)
    first, last = "/resource0/42", f"/resource{ROUTES - 1}/42"
    cases = {
        (label, which): dispatcher(app, path)
        for label, app in (("Router (indexed)", router), ("linear regex scan", linear))
        for which, path in (("first", first), ("last", last))
    }
    best = measure(cases)
    print(f"dispatch cost, {ROUTES} dynamic routes (/resourceN/{{item_id:int}}), µs per request:")
    print(f"median of {ROUNDS} interleaved rounds of {NUMBER:,} dispatches each")
    print(f"{'':24}{'1st route':>12}{'50th route':>12}{'ratio':>8}")
    for label in ("Router (indexed)", "linear regex scan"):
        a, b = best[(label, "first")], best[(label, "last")]
        print(f"{label:24}{a:12.2f}{b:12.2f}{b / a:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

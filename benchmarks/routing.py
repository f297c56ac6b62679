"""Micro-benchmark of router dispatch: the 1st vs the 50th of 50 dynamic routes.

Run with ``python -m benchmarks.routing``. Prints microseconds per dispatch through
``Router`` (the indexed dispatcher) and, for contrast, through a plain linear scan of the
same routes' ``matches`` (what a regex-per-route router does). The endpoint is a bare
ASGI app that returns at once, so the numbers are the routing cost alone. The coroutine
never suspends, so it is driven by hand: no event loop in the measurement.
"""

from __future__ import annotations

import timeit
from typing import Any

from framework.routing import Match, Route, Router

__all__ = ["main"]

ROUTES = 50
NUMBER = 20_000


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


def per_dispatch_us(app: Any, path: str) -> float:
    def once() -> None:
        scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
        coro = app(scope, None, None)
        try:
            coro.send(None)
        except StopIteration:
            return
        raise RuntimeError("dispatch suspended")

    once()
    best = min(timeit.repeat(once, number=NUMBER, repeat=5))
    return best / NUMBER * 1e6


def main() -> None:
    router = build_router()
    linear = linear_app(router)
    first, last = "/resource0/42", f"/resource{ROUTES - 1}/42"
    print(f"dispatch cost, {ROUTES} dynamic routes (/resourceN/{{item_id:int}}), us per request")
    print(f"{'':24}{'1st route':>12}{'50th route':>12}{'ratio':>8}")
    for label, app in (("Router (indexed)", router), ("linear regex scan", linear)):
        a, b = per_dispatch_us(app, first), per_dispatch_us(app, last)
        print(f"{label:24}{a:12.2f}{b:12.2f}{b / a:8.2f}")


if __name__ == "__main__":
    main()

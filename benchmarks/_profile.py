"""Profile Keel on each scenario: ``python -m benchmarks.inprocess --profile [--only KEY]``.

Runs a few thousand requests of one scenario under cProfile and prints the functions with
the most own time and the most cumulative time, paths shortened to the repository, so the
hot spots of each scenario can be read off one screen.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio

from benchmarks._apps_fastapi_style import build_keel
from benchmarks._asgi import Caller, lifespan
from benchmarks._scenarios import SCENARIOS

__all__ = ["profile_keel", "profile_scenario"]

REQUESTS = 3000
TOP = 18
_ROOT = str(Path(__file__).resolve().parent.parent) + "/"


async def _drive(app: Any, caller: Caller, number: int, profiler: cProfile.Profile) -> None:
    async with lifespan(app):
        for _ in range(50):
            await caller(app)
        profiler.enable()
        for _ in range(number):
            await caller(app)
        profiler.disable()


def profile_scenario(key: str, number: int = REQUESTS, top: int = TOP) -> str:
    """The cProfile report (own time, then cumulative) of ``number`` requests of ``key``."""
    scenario = next(s for s in SCENARIOS if s.key == key)
    profiler = cProfile.Profile()
    anyio.run(_drive, build_keel(), Caller(scenario), number, profiler)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    for sort in ("tottime", "cumulative"):
        out.write(f"\n=== {scenario.label}: {number} requests, by {sort} ===\n")
        stats.sort_stats(sort).print_stats(top)
    return out.getvalue().replace(_ROOT, "")


def profile_keel(keys: Sequence[str]) -> int:
    for key in keys:
        print(profile_scenario(key))
    return 0

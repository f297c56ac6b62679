"""Keel's benchmark suite: ``python -m benchmarks`` (or ``make bench``) runs every part.

``benchmarks.inprocess`` times the ten in-process scenarios of issue 3 against FastAPI,
Litestar and a hand-written raw ASGI floor; ``benchmarks.routing`` and the wire benchmarks
live beside it. Nothing here is imported by the packages or their tests' hot paths.
"""

from __future__ import annotations

__all__: list[str] = []

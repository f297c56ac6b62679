"""Keel's showcase app: ``examples.showcase:app``, served by ``make run``.

One module per topic of FastAPI's Advanced User Guide (the seed); ``main.create_app``
assembles them. ``GET /`` lists every endpoint by section.
"""

from __future__ import annotations

from .main import create_app

__all__ = ["app", "create_app"]

app = create_app()

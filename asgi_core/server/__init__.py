"""Keel's built-in HTTP/1.1 and WebSocket server for any ASGI 3 app.

A sans-I/O core (``http``, ``cycle``, ``websocket``) under a thin anyio transport
(``connection``, ``serve``), so it runs on asyncio and trio. ``run(Config(app=...))``
blocks serving; ``Server(config).serve()`` is the async entry point.
"""

from __future__ import annotations

from asgi_core.server.config import Config
from asgi_core.server.cycle import ClientDisconnected
from asgi_core.server.importer import ImportFromStringError, load_app
from asgi_core.server.lifespan import LifespanFailure
from asgi_core.server.serve import Server, run_server

run = run_server

__all__ = [
    "ClientDisconnected",
    "Config",
    "ImportFromStringError",
    "LifespanFailure",
    "Server",
    "load_app",
    "run",
    "run_server",
]

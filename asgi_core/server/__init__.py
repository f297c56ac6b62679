"""Keel's built-in HTTP/1.1 and WebSocket server for any ASGI 3 app."""

from __future__ import annotations

from asgi_core.server.config import Config

__all__ = ["Config"]

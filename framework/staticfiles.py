"""``fastapi.staticfiles``: serve a directory."""

from asgi_core.staticfiles import StaticFiles

__all__ = ["StaticFiles"]

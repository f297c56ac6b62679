"""``fastapi.requests``: the request objects, from asgi_core."""

from asgi_core.requests import HTTPConnection, Request

__all__ = ["HTTPConnection", "Request"]

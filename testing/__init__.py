"""Keel's test client: drive an ASGI app in-process with httpx's calling convention.

``TestClient`` (sync, through an anyio blocking portal) behaves like Starlette's, without
httpx. Its request/response core (``_transport``, ``_websocket``, ``_base``) is loop-agnostic
so an async client can share it.
"""

from __future__ import annotations

from ._base import TooManyRedirects
from ._cookies import Cookie, CookieConflict, Cookies
from ._headers import Headers
from ._lifespan import LifespanError
from ._request import Request
from ._response import HTTPStatusError, Response, ResponseNotRead
from ._transport import ProtocolError
from ._urls import URL
from ._websocket import WebSocketDenialResponse, WebSocketDisconnect
from ._ws_session import WebSocketTestSession
from .client import TestClient

__all__ = [
    "URL",
    "Cookie",
    "CookieConflict",
    "Cookies",
    "HTTPStatusError",
    "Headers",
    "LifespanError",
    "ProtocolError",
    "Request",
    "Response",
    "ResponseNotRead",
    "TestClient",
    "TooManyRedirects",
    "WebSocketDenialResponse",
    "WebSocketDisconnect",
    "WebSocketTestSession",
]

"""The ASGI 3 type aliases every other module speaks in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = [
    "ASGIApp",
    "ExceptionHandler",
    "Lifespan",
    "Message",
    "Receive",
    "Scope",
    "Send",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# A lifespan is a callable taking the app and returning an async context manager.
Lifespan = Callable[[Any], Any]
ExceptionHandler = Callable[..., Any]

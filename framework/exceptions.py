"""The exceptions FastAPI programs raise and catch, under their FastAPI names.

``FrameworkError`` is FastAPI's ``FastAPIError``: a programming or configuration mistake.
The validation errors carry pydantic-shaped error dicts; the exception handlers in
``framework.exception_handlers`` turn them into FastAPI's exact 422 bodies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from asgi_core.exceptions import HTTPException as CoreHTTPException
from asgi_core.exceptions import WebSocketException as CoreWebSocketException

__all__ = [
    "DependencyScopeError",
    "FrameworkError",
    "HTTPException",
    "RequestErrorModel",
    "RequestValidationError",
    "ResponseValidationError",
    "ValidationException",
    "WebSocketErrorModel",
    "WebSocketException",
    "WebSocketRequestValidationError",
]


class HTTPException(CoreHTTPException):
    """An HTTP error whose ``detail`` may be any JSON-able value (FastAPI's widening)."""

    def __init__(
        self,
        status_code: int,
        detail: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers)


class WebSocketException(CoreWebSocketException):
    """Close the WebSocket with ``code`` and ``reason``."""


class FrameworkError(RuntimeError):
    """A mistake in how the application is put together (FastAPI's ``FastAPIError``)."""


class DependencyScopeError(FrameworkError):
    """A dependency's scope does not fit where it is used."""


class ValidationException(Exception):
    """Base of the validation errors: a list of pydantic-style error dicts."""

    def __init__(self, errors: Sequence[Any]) -> None:
        self._errors = errors

    def errors(self) -> Sequence[Any]:
        return self._errors

    def __str__(self) -> str:
        lines = [f"{len(self._errors)} validation error(s):"]
        for err in self._errors:
            lines.append(f"  {err}")
        return "\n".join(lines)


class RequestValidationError(ValidationException):
    """The request did not satisfy the path operation's parameters or body (-> 422).

    ``body`` is the request body as the endpoint would have seen it (JSON parsed). The
    framework may hand it over as a function that produces it, so a 422 whose handler
    never looks at ``body`` does not pay for parsing it.
    """

    def __init__(self, errors: Sequence[Any], *, body: Any = None) -> None:
        super().__init__(errors)
        self._body = body
        self._make_body: Callable[[], Any] | None = None

    @property
    def body(self) -> Any:
        make = self._make_body
        if make is not None:
            self._make_body = None
            self._body = make()
        return self._body

    @body.setter
    def body(self, value: Any) -> None:
        self._make_body = None
        self._body = value

    @classmethod
    def deferred(
        cls, errors: Sequence[Any], make_body: Callable[[], Any]
    ) -> RequestValidationError:
        """The error with ``body`` computed by ``make_body()`` on first access."""
        error = cls(errors)
        error._make_body = make_body
        return error


class WebSocketRequestValidationError(ValidationException):
    """A WebSocket's parameters failed validation (-> close 1008)."""


class ResponseValidationError(ValidationException):
    """The endpoint returned something its response model rejects (a server bug -> 500)."""

    def __init__(self, errors: Sequence[Any], *, body: Any = None) -> None:
        super().__init__(errors)
        self.body = body


# FastAPI exposes these two names for the OpenAPI error components; kept for imports.
RequestErrorModel: type[Any] = dict
WebSocketErrorModel: type[Any] = dict

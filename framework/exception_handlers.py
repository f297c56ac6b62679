"""The default handlers: HTTPException -> its status and detail, validation -> 422."""

from __future__ import annotations

from asgi_core.requests import Request
from asgi_core.responses import JSONResponse, Response
from asgi_core.websockets import WebSocket
from framework.encoders import jsonable_encoder
from framework.exceptions import (
    HTTPException,
    RequestValidationError,
    WebSocketRequestValidationError,
)

__all__ = [
    "http_exception_handler",
    "request_validation_exception_handler",
    "websocket_request_validation_exception_handler",
]

_NO_BODY_STATUS = frozenset({204, 304})


async def http_exception_handler(request: Request, exc: HTTPException) -> Response:
    """``{"detail": ...}`` with the exception's status and headers (no body for 204/304)."""
    headers = getattr(exc, "headers", None)
    if exc.status_code < 200 or exc.status_code in _NO_BODY_STATUS:
        return Response(status_code=exc.status_code, headers=headers)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


async def request_validation_exception_handler(
    request: Request, exc: RequestValidationError
) -> JSONResponse:
    """FastAPI's 422 body: ``{"detail": [errors...]}``."""
    return JSONResponse(status_code=422, content={"detail": jsonable_encoder(exc.errors())})


async def websocket_request_validation_exception_handler(
    websocket: WebSocket, exc: WebSocketRequestValidationError
) -> None:
    """Close with 1008 (policy violation), the errors as the reason (as FastAPI passes them)."""
    await websocket.close(code=1008, reason=jsonable_encoder(exc.errors()))

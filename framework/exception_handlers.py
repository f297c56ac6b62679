"""The default handlers: HTTPException -> its status and detail, validation -> 422."""

from __future__ import annotations

import json
import math
from typing import Any

from asgi_core.requests import Request
from asgi_core.responses import JSONResponse, Response
from asgi_core.websockets import WebSocket
from framework.encoders import encode_json_text, jsonable_encoder
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
    return validation_error_response(exc.errors())


def validation_error_response(errors: Any) -> JSONResponse:
    """The 422 ``JSONResponse`` for ``errors``, byte for byte what encoding them gives."""
    try:
        text = encode_json_text({"detail": errors})
    except ValueError:
        # An input of NaN or ±Infinity: both parsers take them in a body ("NaN" is valid
        # to json.loads and to pydantic), JSON cannot write them. Written as the strings
        # "NaN", "Infinity", "-Infinity", the answer stays the 422 it is (FastAPI's
        # encoder fails there and answers 500).
        text = encode_json_text({"detail": _finite(jsonable_encoder(errors))})
    body = text.encode("utf-8")
    headers = [(b"content-length", str(len(body)).encode()), _JSON_TYPE]
    response: JSONResponse = JSONResponse.from_parts(body, 422, headers, verified=True)
    return response


_JSON_TYPE = (b"content-type", b"application/json")
_NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _finite(value: Any) -> Any:
    """JSON data with every non-finite float replaced by its JavaScript name."""
    if isinstance(value, float) and not math.isfinite(value):
        return _NON_FINITE[repr(value)]
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


async def websocket_request_validation_exception_handler(
    websocket: WebSocket, exc: WebSocketRequestValidationError
) -> None:
    """Close with 1008 (policy violation) and the errors, as JSON text, for the reason.

    FastAPI passes the error list itself, which the ASGI spec does not allow (the reason is
    a string of at most 123 UTF-8 bytes) and real servers reject; Keel sends the list
    encoded as JSON, cut to the protocol's limit.
    """
    reason = json.dumps(jsonable_encoder(exc.errors()), separators=(",", ":"))
    await websocket.close(code=1008, reason=_cut(reason, 123))


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` UTF-8 bytes, never splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")

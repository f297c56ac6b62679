"""``fastapi.responses``: asgi_core's responses plus the optional orjson/ujson ones."""

from __future__ import annotations

from typing import Any

from asgi_core.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

__all__ = [
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "ORJSONResponse",
    "PlainTextResponse",
    "RedirectResponse",
    "Response",
    "StreamingResponse",
    "UJSONResponse",
]


class ORJSONResponse(JSONResponse):
    """JSON rendered by orjson (``pip install keel-asgi[orjson]``)."""

    def render(self, content: Any) -> bytes:
        try:
            import orjson
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise RuntimeError("orjson must be installed to use ORJSONResponse") from exc
        options = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
        return bytes(orjson.dumps(content, option=options))


class UJSONResponse(JSONResponse):
    """JSON rendered by ujson (``pip install keel-asgi[ujson]``)."""

    def render(self, content: Any) -> bytes:
        try:
            import ujson
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise RuntimeError("ujson must be installed to use UJSONResponse") from exc
        return bytes(ujson.dumps(content, ensure_ascii=False).encode("utf-8"))

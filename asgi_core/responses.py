"""The response classes (``starlette.responses``'s API): every one is an ASGI app.

``Response`` (in ``_response``) carries a whole body; here are its content-typed
variants — ``JSONResponse`` (compact, UTF-8, NaN refused), ``HTMLResponse``,
``PlainTextResponse`` — and ``RedirectResponse``. ``StreamingResponse`` (``_streaming``)
sends an iterator chunk by chunk and stops, closing it, when the client goes away;
``FileResponse`` (``_fileresponse``) serves a file with validators, 304s and byte ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from asgi_core._fileresponse import FileResponse
from asgi_core._json import dumps_text
from asgi_core._response import Response, check_header
from asgi_core._streaming import (
    AsyncContentStream,
    ContentStream,
    StreamingResponse,
    SyncContentStream,
)
from asgi_core.background import BackgroundTask
from asgi_core.ranges import MalformedRangeHeader, RangeNotSatisfiable

__all__ = [
    "AsyncContentStream",
    "ContentStream",
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "MalformedRangeHeader",
    "PlainTextResponse",
    "RangeNotSatisfiable",
    "RedirectResponse",
    "Response",
    "StreamingResponse",
    "SyncContentStream",
]

# Characters a Location keeps as they are; everything else is percent-encoded (so CR, LF
# and NUL in a redirect target can never split the response).
_LOCATION_SAFE = ":/%#?=@[]!$&'()*+,;"
_LOCATION = b"location"


class HTMLResponse(Response):
    """A ``text/html; charset=utf-8`` response."""

    __slots__ = ()
    media_type = "text/html"


class PlainTextResponse(Response):
    """A ``text/plain; charset=utf-8`` response."""

    __slots__ = ()
    media_type = "text/plain"



class JSONResponse(Response):
    """``content`` as compact JSON: UTF-8 kept as is, ``NaN``/``Infinity`` refused."""

    __slots__ = ()
    media_type = "application/json"

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        super().__init__(content, status_code, headers, media_type, background)

    def render(self, content: Any) -> bytes:
        return dumps_text(content).encode("utf-8")


class RedirectResponse(Response):
    """An empty response sending the client to ``url`` (307 by default)."""

    __slots__ = ()

    def __init__(
        self,
        url: Any,
        status_code: int = 307,
        headers: Mapping[str, str] | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        super().__init__(b"", status_code, headers, None, background)
        location = quote(str(url), safe=_LOCATION_SAFE).encode("latin-1")
        check_header(_LOCATION, location)
        raw = self.raw_headers
        # Set, not add: a Location given in ``headers`` is replaced where it stands.
        positions = [index for index, (name, _) in enumerate(raw) if name == _LOCATION]
        if positions:
            raw[positions[0]] = (_LOCATION, location)
            for index in reversed(positions[1:]):
                del raw[index]
        else:
            raw.append((_LOCATION, location))
        self._mark_checked()


for _cls in (Response, StreamingResponse, FileResponse):
    _cls.__module__ = __name__
del _cls

"""``HTTPConnection`` and ``Request``: the incoming side of an HTTP or WebSocket scope.

Everything is parsed lazily, on first access, and cached on the object (``__slots__``, no
per-request dict): a handler that only reads ``request.method`` pays for nothing else.

``request.url`` is built by ``URL(scope=...)``, which never takes its host from a ``Host``
header that is not a plain host (a path, query or userinfo in it falls back to
``scope["server"]``) and never lets a request target that does not start with ``/`` turn
into an authority (HARDENING, CVE-2026-54282 / -48710).

Body caching across middleware: ``await request.body()`` stores the bytes in the scope under
``"asgi_core.request.body"``. A later ``Request`` over the same scope (or a copy of it) serves
``stream()``, ``body()``, ``json()`` and ``form()`` from those bytes instead of calling
``receive`` again, so a pure ASGI middleware that read the body leaves it readable for the
endpoint. A middleware that *replaces* the body (and replays it through its own ``receive``)
must ``scope.pop("asgi_core.request.body", None)`` or store the new bytes there.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Generator, Iterator, Mapping
from typing import Any, NoReturn

import anyio

from asgi_core.datastructures import URL, Address, FormData, Headers, QueryParams, State
from asgi_core.exceptions import HTTPException
from asgi_core.formparsers import FormParser, MultiPartException, MultiPartParser
from asgi_core.types import Message, Receive, Scope, Send

__all__ = [
    "ClientDisconnect",
    "HTTPConnection",
    "Request",
    "cookie_parser",
    "empty_receive",
    "empty_send",
    "receive_body",
]



def cookie_parser(cookie_string: str) -> dict[str, str]:
    """A ``Cookie`` header as a dict (``asgi_core.cookies.parse_cookie_header``)."""
    # Imported on use: most requests never look at their cookies.
    from asgi_core.cookies import parse_cookie_header

    cookies: dict[str, str] = parse_cookie_header(cookie_string)
    return cookies


BODY_SCOPE_KEY = "asgi_core.request.body"

_CONNECTION_TYPES = frozenset(("http", "websocket"))
# Request headers a server push copies from the request that triggered it (RFC 7540 8.2.1).
_PUSH_HEADERS = frozenset(
    (b"accept", b"accept-encoding", b"accept-language", b"cache-control", b"user-agent")
)
_FORM_URLENCODED = "application/x-www-form-urlencoded"
_FORM_MULTIPART = "multipart/form-data"
_AUTH_MISSING = "AuthenticationMiddleware must be installed to access request.{}"


class ClientDisconnect(Exception):
    """The client went away before the request body was read to its end."""


async def receive_body(receive: Receive) -> bytes:
    """The whole request body from ``receive``: its messages up to the last one.

    Raises ``ClientDisconnect`` on an ``http.disconnect``. For code that reads the body
    before (or instead of) making a ``Request``: a handler that does so stores it under
    ``BODY_SCOPE_KEY`` in the scope, where a ``Request`` made later finds it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        kind = message["type"]
        if kind == "http.request":
            chunk: bytes = message.get("body", b"")
            if chunk:
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        elif kind == "http.disconnect":
            raise ClientDisconnect()
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def empty_receive() -> NoReturn:
    raise RuntimeError("Receive channel has not been made available")


async def empty_send(message: Message) -> NoReturn:
    raise RuntimeError("Send channel has not been made available")


class HTTPConnection(Mapping[str, Any]):
    """What HTTP requests and WebSockets share: a read-only mapping over the ASGI scope."""

    __slots__ = (
        "_base_url",
        "_cookies",
        "_headers",
        "_query_params",
        "_receive",
        "_state",
        "_url",
        "scope",
    )

    def __init__(self, scope: Scope, receive: Receive | None = None) -> None:
        if scope["type"] not in _CONNECTION_TYPES:
            raise AssertionError(f"expected an 'http' or 'websocket' scope, got {scope['type']!r}")
        self.scope = scope
        self._receive: Receive = empty_receive if receive is None else receive
        self._url: URL | None = None
        self._base_url: URL | None = None
        self._headers: Headers | None = None
        self._query_params: QueryParams | None = None
        self._cookies: dict[str, str] | None = None
        self._state: State | None = None

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    # Two connections over the same scope are still two objects (Mapping would compare items).
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def app(self) -> Any:
        return self.scope["app"]

    @property
    def url(self) -> URL:
        if self._url is None:
            self._url = URL(scope=self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """The URL of the application root: ``app_root_path`` (or ``root_path``) + ``/``."""
        if self._base_url is None:
            scope = self.scope
            root: str = scope.get("app_root_path", scope.get("root_path", ""))
            if not root.endswith("/"):
                root += "/"
            base_scope = dict(scope)
            base_scope["path"] = root
            base_scope["query_string"] = b""
            self._base_url = URL(scope=base_scope)
        return self._base_url

    @property
    def headers(self) -> Headers:
        if self._headers is None:
            self._headers = Headers(raw=self.scope.get("headers") or [])
        return self._headers

    @property
    def query_params(self) -> QueryParams:
        if self._query_params is None:
            self._query_params = QueryParams(self.scope.get("query_string", b""))
        return self._query_params

    @property
    def path_params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.scope.get("path_params", {})
        return params

    @property
    def cookies(self) -> dict[str, str]:
        if self._cookies is None:
            cookies: dict[str, str] = {}
            for name, value in self.scope.get("headers") or ():
                if name == b"cookie":
                    cookies.update(cookie_parser(value.decode("latin-1")))
            self._cookies = cookies
        return self._cookies

    @property
    def client(self) -> Address | None:
        peer = self.scope.get("client")
        if peer is None:
            return None
        return Address(peer[0], peer[1])

    @property
    def session(self) -> dict[str, Any]:
        if "session" not in self.scope:
            raise AssertionError("SessionMiddleware must be installed to access request.session")
        session: dict[str, Any] = self.scope["session"]
        return session

    @property
    def auth(self) -> Any:
        if "auth" not in self.scope:
            raise AssertionError(_AUTH_MISSING.format("auth"))
        return self.scope["auth"]

    @property
    def user(self) -> Any:
        if "user" not in self.scope:
            raise AssertionError(_AUTH_MISSING.format("user"))
        return self.scope["user"]

    @property
    def state(self) -> State:
        """Per-request state: attribute access over ``scope["state"]`` (created if missing)."""
        if self._state is None:
            self.scope.setdefault("state", {})
            self._state = State(self.scope["state"])
        return self._state

    def url_for(self, name: str, /, **path_params: Any) -> URL:
        """The absolute URL of the route ``name`` (``scope["router"]`` or the app's router)."""
        provider = self.scope.get("router") or self.scope.get("app")
        if provider is None:
            raise RuntimeError(
                "The `url_for` method can only be used inside an application or with a router."
            )
        url_path = provider.url_path_for(name, **path_params)
        url: URL = url_path.make_absolute_url(base_url=self.base_url)
        return url


class _FormCall:
    """``request.form()``: awaitable, or an async context manager that closes the uploads."""

    __slots__ = ("_form", "_limits", "_request")

    def __init__(self, request: Request, limits: tuple[int | float, int | float, int]) -> None:
        self._request = request
        self._limits = limits
        self._form: FormData | None = None

    def __await__(self) -> Generator[Any, None, FormData]:
        return self._request._get_form(*self._limits).__await__()

    async def __aenter__(self) -> FormData:
        self._form = await self._request._get_form(*self._limits)
        return self._form

    async def __aexit__(self, *exc_info: object) -> None:
        if self._form is not None:
            await self._form.close()


class Request(HTTPConnection):
    """An HTTP request: the scope plus the body, read through ``receive`` on demand."""

    __slots__ = (
        "_body",
        "_form",
        "_is_disconnected",
        "_json",
        "_pending",
        "_send",
        "_stream_consumed",
    )

    def __init__(self, scope: Scope, receive: Receive = empty_receive, send: Send = empty_send):
        if scope["type"] != "http":
            raise AssertionError(f"expected an 'http' scope, got {scope['type']!r}")
        # HTTPConnection.__init__'s fields, set here: one call less per request.
        self.scope = scope
        self._receive = empty_receive if receive is None else receive
        self._url = None
        self._base_url = None
        self._headers = None
        self._query_params = None
        self._cookies = None
        self._state = None
        self._send = send
        self._stream_consumed = False
        self._is_disconnected = False
        self._body: bytes | None = scope.get(BODY_SCOPE_KEY)
        self._json: Any = _UNSET
        self._form: FormData | None = None
        # A body message that is_disconnected() received early, kept for stream().
        self._pending: Message | None = None

    @property
    def method(self) -> str:
        method: str = self.scope["method"]
        return method

    @property
    def receive(self) -> Receive:
        return self._receive

    async def stream(self) -> AsyncGenerator[bytes, None]:
        """The body chunk by chunk (then a final ``b""``); raises ``ClientDisconnect``."""
        if self._body is not None:
            yield self._body
            yield b""
            return
        if self._stream_consumed:
            raise RuntimeError("Stream consumed")
        # Marked consumed only at the end: a stream interrupted (a disconnect, a reader that
        # stopped early) can be resumed by a later ``stream()`` call, as in Starlette.
        while True:
            message = self._pending
            if message is None:
                message = await self._receive()
            else:
                self._pending = None
            kind = message["type"]
            if kind == "http.request":
                chunk: bytes = message.get("body", b"")
                if chunk:
                    yield chunk
                if not message.get("more_body", False):
                    break
            elif kind == "http.disconnect":
                self._is_disconnected = True
                raise ClientDisconnect()
        self._stream_consumed = True
        yield b""

    async def body(self) -> bytes:
        """The whole body, read once and cached (here and in the scope, see the module doc)."""
        if self._body is None:
            if self._pending is None and not self._stream_consumed:
                body = await self._read_all()
            else:
                body = b"".join([chunk async for chunk in self.stream()])
            self._body = body
            self.scope[BODY_SCOPE_KEY] = body
        return self._body

    async def _read_all(self) -> bytes:
        """``receive`` until the last body message, without an async generator (hot path)."""
        try:
            body = await receive_body(self._receive)
        except ClientDisconnect:
            self._is_disconnected = True
            raise
        self._stream_consumed = True
        return body

    async def json(self) -> Any:
        """The body parsed as JSON, cached."""
        if self._json is _UNSET:
            self._json = json.loads(await self.body())
        return self._json

    async def _get_form(
        self, max_files: int | float, max_fields: int | float, max_part_size: int
    ) -> FormData:
        if self._form is None:
            try:
                self._form = await self._parse_form(max_files, max_fields, max_part_size)
            except MultiPartException as exc:
                if "app" in self.scope:
                    raise HTTPException(status_code=400, detail=exc.message) from exc
                raise
        return self._form

    async def _parse_form(
        self, max_files: int | float, max_fields: int | float, max_part_size: int
    ) -> FormData:
        content_type = self.headers.get("content-type", "")
        media_type = content_type.partition(";")[0].strip().lower()
        if media_type == _FORM_MULTIPART:
            parser = MultiPartParser(
                self.headers,
                self.stream(),
                max_files=max_files,
                max_fields=max_fields,
                max_part_size=max_part_size,
            )
            return await parser.parse()
        if media_type == _FORM_URLENCODED:
            form_parser = FormParser(
                self.headers, self.stream(), max_fields=max_fields, max_part_size=max_part_size
            )
            return await form_parser.parse()
        return FormData()

    def form(
        self,
        *,
        max_files: int | float = 1000,
        max_fields: int | float = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> _FormCall:
        """The parsed form (cached): ``await request.form()`` or ``async with request.form()``.

        Parse errors become ``HTTPException(400)`` when an app is in the scope, else they
        raise ``MultiPartException``.
        """
        return _FormCall(self, (max_files, max_fields, max_part_size))

    async def close(self) -> None:
        """Close the files of the parsed form, if any."""
        if self._form is not None:
            await self._form.close()

    async def is_disconnected(self) -> bool:
        """True once the client has gone; never blocks waiting for a message."""
        if not self._is_disconnected and self._pending is None:
            message: Message | None = None
            with anyio.CancelScope() as scope:
                scope.cancel()
                message = await self._receive()
            if message is not None:
                if message.get("type") == "http.disconnect":
                    self._is_disconnected = True
                elif message.get("type") == "http.request" and not self._stream_consumed:
                    self._pending = message
        return self._is_disconnected

    async def send_push_promise(self, path: str) -> None:
        """Ask an HTTP/2 server to push ``path`` (a no-op when it cannot)."""
        if "http.response.push" not in self.scope.get("extensions", {}):
            return
        headers = [
            (name, value)
            for name, value in self.scope.get("headers") or ()
            if name in _PUSH_HEADERS
        ]
        await self._send({"type": "http.response.push", "path": path, "headers": headers})

    async def send_early_hints(self, link: str, /, *additional_links: str) -> None:
        """Send ``103 Early Hints`` with these ``Link`` values (a no-op when unsupported)."""
        if "http.response.early_hint" not in self.scope.get("extensions", {}):
            return
        links = [value.encode("latin-1") for value in (link, *additional_links)]
        await self._send({"type": "http.response.early_hint", "links": links})


class _Unset:
    __slots__ = ()


_UNSET: Any = _Unset()

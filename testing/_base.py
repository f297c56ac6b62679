"""What every test client shares, whatever drives the event loop.

Configuration (base URL, default headers, cookie jar, redirects, root path, client
address), building a ``Request`` from httpx's arguments, the next request of a redirect,
turning a finished ``HTTPExchange`` into a ``Response``, and the WebSocket upgrade scope.
The sync ``TestClient`` drives these through a blocking portal; an async client awaits
the same ``HTTPExchange``/``WebSocketChannel`` directly.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, Union

from asgi_core.types import ASGIApp, Receive, Scope, Send

from ._cookies import Cookies, CookieTypes
from ._headers import Headers, HeaderTypes
from ._multipart import RequestFiles
from ._request import Request, RequestContent, RequestData, basic_auth, encode_body
from ._response import Response
from ._scope import http_scope, websocket_scope
from ._transport import HTTPExchange
from ._urls import URL, QueryParamTypes, merge_url, normalize
from ._websocket import WebSocketChannel
from .conformance import check_asgi

__all__ = ["AuthTypes", "BaseClient", "TooManyRedirects", "UseClientDefault"]

AuthTypes = Union[tuple[Union[str, bytes], Union[str, bytes]], Callable[[Request], Request]]
_DEFAULT_HEADERS = (("accept", "*/*"), ("accept-encoding", "gzip, deflate"),
                    ("connection", "keep-alive"))
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class TooManyRedirects(RuntimeError):
    """More redirects in a row than ``max_redirects``."""


class UseClientDefault:
    """Marker for "use the client's setting" in per-request arguments."""


def _wrap_asgi2(app: Any) -> ASGIApp:
    """ASGI 2 apps (``app(scope)`` returning ``instance(receive, send)``) as ASGI 3."""
    if inspect.isclass(app) and not hasattr(app, "__await__"):
        asgi2: Any = app

        async def asgi3(scope: Scope, receive: Receive, send: Send) -> None:
            await asgi2(scope)(receive, send)

        return asgi3
    result: ASGIApp = app
    return result


class BaseClient:
    """Client settings and the request/response logic independent of the event loop."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        *,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        cookies: CookieTypes | None = None,
        headers: HeaderTypes | None = None,
        follow_redirects: bool = True,
        client: tuple[str, int] = ("testclient", 50000),
        max_redirects: int = 20,
        check_asgi: bool = True,
    ) -> None:
        self.app = _wrap_asgi2(app)
        self.check_asgi = check_asgi
        self.base_url = base_url
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.cookies = cookies
        self.headers = Headers(_DEFAULT_HEADERS)
        self.headers.update(headers)
        if "user-agent" not in self.headers:
            self.headers["user-agent"] = "testclient"
        self.follow_redirects = follow_redirects
        self.max_redirects = max_redirects
        self.client = client
        self.auth: AuthTypes | None = None
        self.app_state: dict[str, Any] = {}

    # -- settings --------------------------------------------------------------------------
    @property
    def asgi_app(self) -> ASGIApp:
        """The app as the client calls it: under the ASGI conformance checker unless
        ``check_asgi=False``."""
        return check_asgi(self.app) if self.check_asgi else self.app

    @property
    def base_url(self) -> URL:
        return self._base_url

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._base_url = normalize(str(value).rstrip("/") + "/")

    @property
    def cookies(self) -> Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, value: CookieTypes | None) -> None:
        self._cookies = value if isinstance(value, Cookies) else Cookies(value)

    # -- requests --------------------------------------------------------------------------
    def build_request(
        self,
        method: str,
        url: str,
        *,
        content: RequestContent | None = None,
        data: RequestData | None = None,
        files: RequestFiles | None = None,
        json: Any = None,
        params: QueryParamTypes = None,
        headers: HeaderTypes | None = None,
        cookies: CookieTypes | None = None,
        auth: AuthTypes | UseClientDefault | None = None,
    ) -> Request:
        """A ``Request`` from httpx's arguments, with client defaults merged in."""
        full_url = merge_url(self.base_url, str(url), params)
        merged = self.headers.copy()
        merged.update(headers)
        if "host" not in merged:
            merged._items.insert(0, ("host", full_url.netloc.decode("ascii")))
        jar = self.cookies
        if cookies:
            jar = self.cookies.copy()
            jar.update(cookies)
        cookie_header = jar.header_for(full_url)
        if cookie_header and "cookie" not in merged:
            merged.add("cookie", cookie_header)
        body, body_headers = encode_body(method, content=content, data=data, files=files, json=json)
        for key, value in body_headers:
            if key in merged:
                continue
            if not body:  # httpx puts the "content-length: 0" of an empty body up front
                merged._items.insert(1, (key, value))
            else:
                merged.add(key, value)
        request = Request(method, full_url, headers=merged, content=body)
        return self._apply_auth(request, self.auth if isinstance(auth, UseClientDefault) else auth)

    @staticmethod
    def _apply_auth(request: Request, auth: AuthTypes | None) -> Request:
        if auth is None:
            return request
        if isinstance(auth, tuple):
            request.headers["authorization"] = basic_auth(*auth)
            return request
        return auth(request)

    def _follow(self, follow_redirects: bool | UseClientDefault | None) -> bool:
        if follow_redirects is None or isinstance(follow_redirects, UseClientDefault):
            return self.follow_redirects
        return follow_redirects

    def redirect_request(self, request: Request, response: Response) -> Request:
        """The request a redirect ``response`` asks for (httpx's rules)."""
        method = request.method
        status = response.status_code
        if (status in (302, 303) and method != "HEAD") or (status == 301 and method == "POST"):
            method = "GET"
        url = request.url.join(response.headers["location"])
        headers = request.headers.copy()
        if (url.scheme, url.host, url.port) != (request.url.scheme, request.url.host,
                                                request.url.port):
            headers.pop("authorization", None)
            headers["host"] = url.netloc.decode("ascii")
        content = request.content
        if method != request.method and method == "GET":
            headers.pop("content-length", None)
            headers.pop("transfer-encoding", None)
            content = b""
        headers.pop("cookie", None)
        cookie_header = self.cookies.header_for(url)
        if cookie_header:
            headers.add("cookie", cookie_header)
        return Request(method, url, headers=headers, content=content)

    def next_step(self, request: Request, response: Response, follow: bool,
                  history: list[Response]) -> Request | None:
        """After ``response``: the next request to send when following, else ``None``."""
        if response.status_code not in _REDIRECT_STATUSES or "location" not in response.headers:
            response.history = list(history)
            return None
        next_request = self.redirect_request(request, response)
        if not follow:
            response.next_request = next_request
            response.history = list(history)
            return None
        if len(history) >= self.max_redirects:
            raise TooManyRedirects(f"Exceeded maximum allowed redirects ({self.max_redirects}).")
        response.history = list(history)
        history.append(response)
        return next_request

    # -- the ASGI exchange ---------------------------------------------------------------
    def new_exchange(self, request: Request) -> HTTPExchange:
        """The exchange for ``request`` (call it inside the event loop)."""
        scope = http_scope(request, root_path=self.root_path, client=self.client,
                           state=self.app_state)
        return HTTPExchange(self.asgi_app, scope, request.content,
                            raise_server_exceptions=self.raise_server_exceptions)

    def build_response(self, exchange: HTTPExchange, request: Request, **body: Any) -> Response:
        """The ``Response`` for a started ``exchange``; stores the cookies it sets."""
        response = Response(exchange.status or 500, headers=exchange.headers, request=request,
                            **body)
        if exchange.debug:
            response.template = exchange.debug.get("template")
            response.context = exchange.debug.get("context")
        self.cookies.extract(response.headers.get_list("set-cookie"), request.url)
        return response

    def new_websocket(
        self,
        url: str,
        subprotocols: Sequence[str] | None = None,
        *,
        headers: HeaderTypes | None = None,
        params: QueryParamTypes = None,
        cookies: CookieTypes | None = None,
        auth: AuthTypes | None = None,
    ) -> WebSocketChannel:
        """The channel for a WebSocket upgrade to ``url`` (call it inside the event loop)."""
        request = self.build_request("GET", url, params=params, headers=headers,
                                     cookies=cookies, auth=auth)
        scheme = {"http": "ws", "https": "wss"}.get(request.url.scheme, request.url.scheme)
        request.url = request.url.copy_with(scheme=scheme)
        upgrade: list[tuple[str, str]] = [("connection", "upgrade"),
                                          ("sec-websocket-key", "testserver=="),
                                          ("sec-websocket-version", "13")]
        if subprotocols:
            upgrade.append(("sec-websocket-protocol", ", ".join(subprotocols)))
        request.headers.pop("connection", None)
        request.headers.update(upgrade)
        scope = websocket_scope(request, list(subprotocols or []), root_path=self.root_path,
                                client=self.client, state=self.app_state)
        return WebSocketChannel(self.asgi_app, scope)

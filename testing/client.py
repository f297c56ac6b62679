"""``TestClient``: call an ASGI app in-process from synchronous tests, httpx-style.

The app runs on an anyio event loop in a helper thread (``backend="asyncio"`` or
``"trio"``) reached through a blocking portal. Inside ``with TestClient(app) as client:``
one portal lives for the whole block and the app's lifespan runs in it (startup on enter,
shutdown on exit, failures raised); outside, each request or WebSocket session gets a
short-lived portal and no lifespan runs.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from anyio.from_thread import BlockingPortal, start_blocking_portal

from asgi_core.types import ASGIApp

from ._base import AuthTypes, BaseClient, UseClientDefault
from ._cookies import CookieTypes
from ._headers import HeaderTypes
from ._lifespan import LifespanRunner
from ._multipart import RequestFiles
from ._request import Request, RequestContent, RequestData
from ._response import Response
from ._transport import HTTPExchange
from ._urls import QueryParamTypes
from ._ws_session import WebSocketTestSession

__all__ = ["TestClient"]

USE_CLIENT_DEFAULT = UseClientDefault()


class TestClient(BaseClient):
    """A synchronous client for ``app`` with httpx's calling convention."""

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: dict[str, Any] | None = None,
        cookies: CookieTypes | None = None,
        headers: HeaderTypes | None = None,
        follow_redirects: bool = True,
        client: tuple[str, int] = ("testclient", 50000),
        check_asgi: bool = True,
    ) -> None:
        super().__init__(
            app,
            base_url=base_url,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            cookies=cookies,
            headers=headers,
            follow_redirects=follow_redirects,
            client=client,
            check_asgi=check_asgi,
        )
        self.async_backend: dict[str, Any] = {
            "backend": backend,
            "backend_options": backend_options or {},
        }
        self.portal: BlockingPortal | None = None
        self._exit_stack: contextlib.ExitStack | None = None

    @contextlib.contextmanager
    def _portal_factory(self) -> Iterator[BlockingPortal]:
        if self.portal is not None:
            yield self.portal
            return
        with start_blocking_portal(**self.async_backend) as portal:
            yield portal

    # -- lifespan ------------------------------------------------------------------------
    def __enter__(self) -> TestClient:
        if self._exit_stack is not None:
            raise RuntimeError("This TestClient is already inside a `with` block.")
        with contextlib.ExitStack() as stack:
            self.portal = portal = stack.enter_context(start_blocking_portal(**self.async_backend))
            stack.callback(setattr, self, "portal", None)
            stack.callback(setattr, self, "app_state", {})
            self.app_state = {}
            runner = portal.call(LifespanRunner, self.asgi_app, self.app_state)
            stack.callback(portal.call, runner.close)
            portal.start_task_soon(runner.run)
            portal.call(runner.startup)
            stack.callback(portal.call, runner.shutdown)
            self._exit_stack = stack.pop_all()
        return self

    def __exit__(self, *exc_info: object) -> None:
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            stack.close()

    # -- HTTP ----------------------------------------------------------------------------
    def _send_once(self, request: Request) -> Response:
        started = time.perf_counter()
        with self._portal_factory() as portal:
            exchange: HTTPExchange = portal.call(self.new_exchange, request)
            body = portal.call(exchange.collect)
        response = self.build_response(exchange, request, content=body)
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        return response

    def _stream_once(self, request: Request) -> Response:
        stack = contextlib.ExitStack()
        portal = stack.enter_context(self._portal_factory())
        try:
            exchange: HTTPExchange = portal.call(self.new_exchange, request)
            portal.start_task_soon(exchange.run)
            stack.callback(portal.call, exchange.aclose)
            portal.call(exchange.wait_head)
        except BaseException:
            stack.close()
            raise

        def chunks() -> Iterator[bytes]:
            while True:
                chunk = portal.call(exchange.next_chunk)
                if chunk is None:
                    return
                yield chunk

        return self.build_response(exchange, request, stream=chunks(), closer=stack.close)

    def send(
        self,
        request: Request,
        *,
        stream: bool = False,
        follow_redirects: bool | UseClientDefault | None = USE_CLIENT_DEFAULT,
    ) -> Response:
        """Send a built ``request``; follow redirects if asked; keep the cookies set."""
        follow = self._follow(follow_redirects)
        history: list[Response] = []
        while True:
            response = self._stream_once(request) if stream else self._send_once(request)
            next_request = self.next_step(request, response, follow, history)
            if next_request is None:
                return response
            if stream:
                response.read()
            request = next_request

    def request(
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
        auth: AuthTypes | UseClientDefault | None = USE_CLIENT_DEFAULT,
        follow_redirects: bool | UseClientDefault | None = USE_CLIENT_DEFAULT,
        timeout: Any = None,
        extensions: dict[str, Any] | None = None,
    ) -> Response:
        request = self.build_request(
            method, url, content=content, data=data, files=files, json=json, params=params,
            headers=headers, cookies=cookies, auth=auth,
        )
        return self.send(request, follow_redirects=follow_redirects)

    @contextlib.contextmanager
    def stream(
        self,
        method: str,
        url: str,
        *,
        follow_redirects: bool | UseClientDefault | None = USE_CLIENT_DEFAULT,
        **kwargs: Any,
    ) -> Iterator[Response]:
        """A response whose body is read as the app sends it (``iter_bytes`` etc.)."""
        kwargs.pop("timeout", None)
        kwargs.pop("extensions", None)
        request = self.build_request(method, url, **kwargs)
        response = self.send(request, stream=True, follow_redirects=follow_redirects)
        try:
            yield response
        finally:
            response.close()

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> Response:
        return self.request("HEAD", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> Response:
        return self.request("OPTIONS", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.request("DELETE", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Response:
        return self.request("PATCH", url, **kwargs)

    def close(self) -> None:
        self.__exit__(None, None, None)

    # -- WebSocket -----------------------------------------------------------------------
    def websocket_connect(
        self,
        url: str,
        subprotocols: Sequence[str] | None = None,
        *,
        headers: HeaderTypes | None = None,
        params: QueryParamTypes = None,
        cookies: CookieTypes | None = None,
        auth: AuthTypes | None = None,
        **kwargs: Any,
    ) -> WebSocketTestSession:
        """A session to use as ``with client.websocket_connect(url) as ws:``."""

        def channel() -> Any:
            return self.new_websocket(url, subprotocols, headers=headers, params=params,
                                      cookies=cookies, auth=auth)

        return WebSocketTestSession(channel, self._portal_factory)

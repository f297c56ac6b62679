"""``AsyncClient``: call an ASGI app in-process from async tests, httpx-style.

The async twin of ``TestClient``: the same ``BaseClient`` settings and the same
``HTTPExchange``/``WebSocketChannel``/``LifespanRunner`` core, awaited directly on the
test's own event loop (asyncio or trio) instead of through a blocking portal. Built like
httpx's ``AsyncClient(transport=ASGITransport(app=app), base_url=...)`` — that spelling
works too, with ``ASGITransport`` from here — and like httpx it does not follow redirects
unless asked. ``async with AsyncClient(app=app) as client:`` also runs the app's lifespan
(startup on enter, shutdown on exit, failures raised). ``lifespan="auto"`` (the default)
takes an app that raises before answering ``lifespan.startup`` as not speaking lifespan,
like servers do; ``"on"`` (or ``True``) raises that error, ``"off"`` (``False``) skips it.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any, Literal

import anyio
import anyio.abc

from asgi_core.types import ASGIApp

from ._async_ws_session import AsyncWebSocketSession
from ._base import AuthTypes, BaseClient, UseClientDefault
from ._cookies import CookieTypes
from ._headers import HeaderTypes
from ._lifespan import LifespanRunner
from ._multipart import RequestFiles
from ._request import Request, RequestContent, RequestData
from ._response import Response
from ._tasks import background
from ._urls import QueryParamTypes

__all__ = ["ASGITransport", "AsyncClient"]

USE_CLIENT_DEFAULT = UseClientDefault()


class ASGITransport:
    """httpx's ``ASGITransport`` arguments, for ``AsyncClient(transport=ASGITransport(app))``."""

    __slots__ = ("app", "client", "raise_app_exceptions", "root_path")

    def __init__(
        self,
        app: ASGIApp,
        raise_app_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("127.0.0.1", 123),
    ) -> None:
        self.app = app
        self.raise_app_exceptions = raise_app_exceptions
        self.root_path = root_path
        self.client = client


class AsyncClient(BaseClient):
    """An async client for ``app`` (or ``transport``) with httpx's calling convention."""

    __test__ = False

    def __init__(
        self,
        app: ASGIApp | None = None,
        *,
        transport: ASGITransport | None = None,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        cookies: CookieTypes | None = None,
        headers: HeaderTypes | None = None,
        auth: AuthTypes | None = None,
        follow_redirects: bool = False,
        max_redirects: int = 20,
        client: tuple[str, int] = ("testclient", 50000),
        lifespan: Literal["auto", "on", "off"] | bool = "auto",
        check_asgi: bool = True,
        timeout: Any = None,
    ) -> None:
        if (app is None) == (transport is None):
            raise TypeError("AsyncClient needs exactly one of app=... or transport=...")
        if transport is not None:
            app = transport.app
            raise_server_exceptions = transport.raise_app_exceptions
            root_path = root_path or transport.root_path
            client = transport.client
        super().__init__(
            app,  # type: ignore[arg-type]
            base_url=base_url,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            cookies=cookies,
            headers=headers,
            follow_redirects=follow_redirects,
            client=client,
            max_redirects=max_redirects,
            check_asgi=check_asgi,
        )
        self.auth = auth
        self.lifespan: str = lifespan if isinstance(lifespan, str) else ("on" if lifespan
                                                                         else "off")
        if self.lifespan not in ("auto", "on", "off"):
            raise ValueError(f"lifespan must be 'auto', 'on' or 'off', got {lifespan!r}")
        self._task_group: anyio.abc.TaskGroup | None = None
        self._exit_stack: contextlib.AsyncExitStack | None = None

    # -- lifespan ------------------------------------------------------------------------
    async def __aenter__(self) -> AsyncClient:
        if self._exit_stack is not None:
            raise RuntimeError("This AsyncClient is already inside an `async with` block.")
        async with contextlib.AsyncExitStack() as stack:
            self._task_group = await stack.enter_async_context(background())
            stack.callback(setattr, self, "_task_group", None)
            stack.callback(setattr, self, "app_state", {})
            self.app_state = {}
            if self.lifespan != "off":
                runner = LifespanRunner(self.asgi_app, self.app_state)
                stack.callback(runner.close)
                self._task_group.start_soon(runner.run)
                await self._startup(runner)
                stack.push_async_callback(runner.shutdown)
            self._exit_stack = stack.pop_all()
        return self

    async def _startup(self, runner: LifespanRunner) -> None:
        try:
            await runner.startup()
        except Exception:
            # As servers do in their "auto" mode: an app that fails before answering
            # lifespan.startup does not speak lifespan (httpx apps often don't).
            if self.lifespan != "auto" or runner.answered:
                raise

    async def __aexit__(self, *exc_info: object) -> None:
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            await stack.aclose()

    async def aclose(self) -> None:
        await self.__aexit__(None, None, None)

    # -- HTTP ----------------------------------------------------------------------------
    async def _send_once(self, request: Request) -> Response:
        started = time.perf_counter()
        exchange = self.new_exchange(request)
        body = await exchange.collect()
        response = self.build_response(exchange, request, content=body)
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        return response

    async def _stream_once(self, request: Request, task_group: anyio.abc.TaskGroup) -> Response:
        exchange = self.new_exchange(request)
        task_group.start_soon(exchange.run)
        try:
            await exchange.wait_head()
        except BaseException:
            with anyio.CancelScope(shield=True):
                await exchange.aclose()
            raise

        async def chunks() -> AsyncIterator[bytes]:
            while (chunk := await exchange.next_chunk()) is not None:
                yield chunk

        return self.build_response(exchange, request, stream=chunks(), closer=exchange.aclose)

    async def _send(
        self, request: Request, follow: bool, task_group: anyio.abc.TaskGroup | None
    ) -> Response:
        history: list[Response] = []
        while True:
            if task_group is None:
                response = await self._send_once(request)
            else:
                response = await self._stream_once(request, task_group)
            next_request = self.next_step(request, response, follow, history)
            if next_request is None:
                return response
            if task_group is not None:
                await response.aread()
            request = next_request

    async def send(
        self,
        request: Request,
        *,
        stream: bool = False,
        follow_redirects: bool | UseClientDefault | None = USE_CLIENT_DEFAULT,
    ) -> Response:
        """Send a built ``request``; follow redirects if asked; keep the cookies set.

        ``stream=True`` needs the app to keep running while the body is read: it is run in
        the client's task group, so only inside ``async with client`` (or use ``stream()``).
        """
        if stream and self._task_group is None:
            raise RuntimeError(
                "send(stream=True) runs the app in the client's task group: use it inside "
                "`async with client`, or use `async with client.stream(...)`."
            )
        task_group = self._task_group if stream else None
        return await self._send(request, self._follow(follow_redirects), task_group)

    async def request(
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
        return await self.send(request, follow_redirects=follow_redirects)

    @contextlib.asynccontextmanager
    async def stream(
        self,
        method: str,
        url: str,
        *,
        follow_redirects: bool | UseClientDefault | None = USE_CLIENT_DEFAULT,
        **kwargs: Any,
    ) -> AsyncIterator[Response]:
        """A response whose body is read as the app sends it (``aiter_bytes`` etc.)."""
        kwargs.pop("timeout", None)
        kwargs.pop("extensions", None)
        request = self.build_request(method, url, **kwargs)
        async with background() as task_group:
            response = await self._send(request, self._follow(follow_redirects), task_group)
            try:
                yield response
            finally:
                with anyio.CancelScope(shield=True):
                    await response.aclose()

    async def get(self, url: str, **kwargs: Any) -> Response:
        return await self.request("GET", url, **kwargs)

    async def head(self, url: str, **kwargs: Any) -> Response:
        return await self.request("HEAD", url, **kwargs)

    async def options(self, url: str, **kwargs: Any) -> Response:
        return await self.request("OPTIONS", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> Response:
        return await self.request("DELETE", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> Response:
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> Response:
        return await self.request("PATCH", url, **kwargs)

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
    ) -> AsyncWebSocketSession:
        """A session to use as ``async with client.websocket_connect(url) as ws:``."""

        def channel() -> Any:
            return self.new_websocket(url, subprotocols, headers=headers, params=params,
                                      cookies=cookies, auth=auth)

        return AsyncWebSocketSession(channel)

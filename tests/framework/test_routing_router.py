"""Router dispatch end to end: whole responses, on asyncio and trio.

Expected bytes were checked against Starlette 0.52's router (the ``Allow`` header lists
methods in a fixed conventional order where Starlette's follows set iteration).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import pytest

from asgi_core.exceptions import HTTPException
from asgi_core.requests import Request
from asgi_core.responses import PlainTextResponse
from framework.routing import Host, Mount, NoMatchFound, Route, Router, WebSocketRoute
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

TEXT = (b"content-type", b"text/plain; charset=utf-8")


def text_headers(body: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-length", str(len(body)).encode()), TEXT]


async def get(target: Any, path: str, method: str = "GET", **scope: Any) -> tuple:
    return response_parts(await run_http(target, http_scope(method=method, path=path, **scope)))


async def show(request: Request) -> PlainTextResponse:
    scope = request.scope
    return PlainTextResponse(
        f"{request.method} {scope['path']} params={scope['path_params']} "
        f"root={scope['root_path']!r} endpoint={scope['endpoint'].__name__}"
    )


class RawApp:
    """An ASGI app (not a function endpoint): used as-is, for every method."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.__name__ = tag

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = f"{self.tag} {scope['method']} {scope['path_params']} {scope['root_path']!r}"
        await PlainTextResponse(body)(scope, receive, send)


# -- routes and endpoints ------------------------------------------------------------


async def test_function_endpoint_gets_a_request_with_converted_params():
    router = Router([Route("/users/{user_id:int}/files/{name}", show)])
    body = (
        b"GET /users/42/files/a.txt params={'user_id': 42, 'name': 'a.txt'} root='' endpoint=show"
    )
    assert await get(router, "/users/42/files/a.txt") == (200, text_headers(body), body)


async def test_sync_endpoint_runs_in_a_worker_thread():
    def sync(request: Request) -> PlainTextResponse:
        where = "main" if threading.current_thread() is threading.main_thread() else "worker"
        return PlainTextResponse(where)

    router = Router([Route("/s", sync)])
    assert await get(router, "/s") == (200, text_headers(b"worker"), b"worker")


async def test_partial_and_method_endpoints_are_function_endpoints():
    async def tagged(request: Request, tag: str) -> PlainTextResponse:
        return PlainTextResponse(tag)

    class Handlers:
        async def method(self, request: Request) -> PlainTextResponse:
            return PlainTextResponse("method")

    route = Route("/p", functools.partial(tagged, tag="partial"))
    router = Router([route, Route("/m", Handlers().method)])
    assert route.methods == {"GET", "HEAD"}
    assert await get(router, "/p") == (200, text_headers(b"partial"), b"partial")
    assert await get(router, "/m") == (200, text_headers(b"method"), b"method")


async def test_asgi_app_endpoint_is_used_as_is_for_any_method():
    app = RawApp("raw")
    route = Route("/raw/{n:int}", app)
    assert route.app is app and route.methods is None
    router = Router([route])
    assert await get(router, "/raw/1", "DELETE") == (
        200,
        text_headers(b"raw DELETE {'n': 1} ''"),
        b"raw DELETE {'n': 1} ''",
    )


async def test_head_is_added_to_get():
    route = Route("/h", show, methods=["get"])
    assert route.methods == {"GET", "HEAD"}
    status, headers, _ = await get(Router([route]), "/h", "HEAD")
    assert (status, headers) == (200, text_headers(b"HEAD /h params={} root='' endpoint=show"))


async def test_405_lists_the_allowed_methods():
    router = Router([Route("/x", show, methods=["POST", "GET", "PUT"])])
    body = b"Method Not Allowed"
    assert await get(router, "/x", "DELETE") == (
        405,
        [(b"allow", b"GET, HEAD, POST, PUT"), *text_headers(body)],
        body,
    )


async def test_405_inside_an_app_raises_http_exception_for_the_handlers():
    router = Router([Route("/x", show, methods=["POST"])])
    with pytest.raises(HTTPException) as info:
        await get(router, "/x", "GET", app=object())
    assert (info.value.status_code, info.value.detail, info.value.headers) == (
        405,
        "Method Not Allowed",
        {"Allow": "POST"},
    )


async def test_a_later_full_match_beats_an_earlier_partial_one():
    router = Router([Route("/x", RawApp("post"), methods=["POST"]), Route("/x", RawApp("get"))])
    assert await get(router, "/x") == (200, text_headers(b"get GET {} ''"), b"get GET {} ''")
    allowed = Router(
        [Route("/x", RawApp("a"), methods=["POST"]), Route("/x", RawApp("b"), methods=["PUT"])]
    )
    status, headers, _ = await get(allowed, "/x")
    assert (status, headers[0]) == (405, (b"allow", b"POST"))


async def test_first_full_match_in_registration_order_wins():
    router = Router([Route("/users/{name}", show), Route("/users/me", RawApp("me"))])
    body = b"GET /users/me params={'name': 'me'} root='' endpoint=show"
    assert await get(router, "/users/me") == (200, text_headers(body), body)


async def test_path_convertor_swallows_slashes():
    router = Router([Route("/files/{rest:path}", show)])
    body = b"GET /files/a/b/ params={'rest': 'a/b/'} root='' endpoint=show"
    assert await get(router, "/files/a/b/") == (200, text_headers(body), body)


# -- not found, default, redirects ---------------------------------------------------


async def test_plain_404_outside_an_app():
    assert await get(Router([]), "/nope") == (404, text_headers(b"Not Found"), b"Not Found")


async def test_404_inside_an_app_raises_http_exception():
    with pytest.raises(HTTPException) as info:
        await get(Router([]), "/nope", app=object())
    assert (info.value.status_code, info.value.detail) == (404, "Not Found")


async def test_custom_default_app():
    router = Router([], default=PlainTextResponse("gone", status_code=410))
    assert await get(router, "/zz", "PUT") == (410, text_headers(b"gone"), b"gone")


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/foo/", b"http://testserver/foo?q=1"),
        ("/bar", b"http://testserver/bar/?q=1"),
        ("/m", b"http://testserver/m/?q=1"),
    ],
)
async def test_redirect_slashes_to_the_other_spelling(path, location):
    router = Router(
        [Route("/foo", show), Route("/bar/", show), Mount("/m", routes=[Route("/", show)])]
    )
    assert await get(router, path, query_string=b"q=1") == (
        307,
        [(b"content-length", b"0"), (b"location", location)],
        b"",
    )


async def test_redirect_keeps_the_root_path_and_the_port():
    router = Router([Route("/foo", show)])
    assert await get(router, "/api/foo/", root_path="/api", headers=[]) == (
        307,
        [(b"content-length", b"0"), (b"location", b"http://testserver/api/foo")],
        b"",
    )
    no_host = http_scope(path="/foo/", server=("example.org", 8080))
    no_host["headers"] = []
    assert response_parts(await run_http(router, no_host)) == (
        307,
        [(b"content-length", b"0"), (b"location", b"http://example.org:8080/foo")],
        b"",
    )


async def test_redirect_slashes_off_gives_404():
    router = Router([Route("/foo", show)], redirect_slashes=False)
    assert await get(router, "/foo/") == (404, text_headers(b"Not Found"), b"Not Found")


async def test_redirect_only_for_http_and_never_for_root():
    router = Router([Route("/", show)])
    assert (await get(router, "/"))[0] == 200
    ws_router = Router([WebSocketRoute("/ws", RawApp("ws"))])
    sent = await run_http(ws_router, {**http_scope(path="/ws/"), "type": "websocket"})
    assert sent == [{"type": "websocket.close", "code": 1000, "reason": ""}]


@pytest.mark.parametrize(
    "path", ["//evil.com", "//evil.com/", "/\\evil.com", "/\t/evil.com", "///evil.com"]
)
@pytest.mark.parametrize("with_host", [True, False])
async def test_slash_redirect_is_never_protocol_relative(path, with_host):
    # HARDENING: a path-convertor route takes "//evil.com/" but not "//evil.com"; the
    # redirect between the two spellings must not send the browser to evil.com.
    router = Router([Route("/{p:path}/", show), Route("/{p:path}x", show)])
    scope = http_scope(path=path)
    if not with_host:
        scope["headers"] = []
        scope["server"] = None
    status, headers, body = response_parts(await run_http(router, scope))
    if status == 200:  # the path itself matched; nothing was redirected
        return
    assert (status, headers, body) == (404, text_headers(b"Not Found"), b"Not Found")


async def test_slash_redirect_still_works_next_to_the_hardening():
    router = Router([Route("/{p:path}/", show)])
    scope = http_scope(path="/a/b")
    scope["headers"], scope["server"] = [], None
    assert response_parts(await run_http(router, scope)) == (
        307,
        [(b"content-length", b"0"), (b"location", b"/a/b/")],
        b"",
    )


# -- mounts and hosts ----------------------------------------------------------------


async def test_mount_extends_root_path_and_merges_params():
    inner = Router([Route("/items/{item_id:int}", show)])
    router = Router([Mount("/{lang}/shop", app=inner)])
    body = b"GET /en/shop/items/3 params={'lang': 'en', 'item_id': 3} root='/en/shop' endpoint=show"
    assert await get(router, "/en/shop/items/3") == (200, text_headers(body), body)


async def test_nested_mounts_under_a_server_root_path():
    router = Router([Mount("/a", routes=[Mount("/b", routes=[Route("/c", show)])])])
    body = b"GET /proxy/a/b/c params={} root='/proxy/a/b' endpoint=show"
    assert await get(router, "/proxy/a/b/c", root_path="/proxy") == (200, text_headers(body), body)


async def test_mount_at_root_and_app_root_path():
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(root=scope["root_path"], app_root=scope["app_root_path"])
        await PlainTextResponse("ok")(scope, receive, send)

    router = Router([Mount("/", app=app)])
    assert await get(router, "/anything/here", root_path="") == (200, text_headers(b"ok"), b"ok")
    assert seen == {"root": "", "app_root": ""}
    router = Router([Mount("/sub", app=app)])
    await get(router, "/r/sub/x", root_path="/r")
    assert seen == {"root": "/r/sub", "app_root": "/r"}


async def test_scope_router_is_the_outermost_and_endpoint_is_set():
    seen: dict[str, Any] = {}

    class App:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            seen.update(router=scope["router"], endpoint=scope["endpoint"])
            await PlainTextResponse("ok")(scope, receive, send)

    app = App()
    inner = Router([Route("/x", app)])
    outer = Router([Mount("/m", app=inner)])
    await get(outer, "/m/x")
    assert seen["router"] is outer and seen["endpoint"] is app


async def test_host_routing_by_header_without_port():
    router = Router(
        [
            Host("{sub}.example.org", app=RawApp("sub")),
            Host("example.org", app=RawApp("apex")),
        ]
    )

    scope = http_scope(path="/p")
    scope["headers"] = [(b"host", b"api.example.org:8000")]
    assert response_parts(await run_http(router, scope)) == (
        200,
        text_headers(b"sub GET {'sub': 'api'} ''"),
        b"sub GET {'sub': 'api'} ''",
    )


async def test_host_apex_and_miss():
    router = Router([Host("example.org", app=RawApp("apex"))])
    scope = http_scope(path="/p")
    scope["headers"] = [(b"host", b"example.org")]
    assert response_parts(await run_http(router, scope)) == (
        200,
        text_headers(b"apex GET {} ''"),
        b"apex GET {} ''",
    )
    scope = http_scope(path="/p")
    assert response_parts(await run_http(router, scope)) == (
        404,
        text_headers(b"Not Found"),
        b"Not Found",
    )


# -- websockets, middleware, building ------------------------------------------------


async def test_websocket_route_and_not_found_close():
    class WSApp:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.send", "text": repr(scope["path_params"])})
            await send({"type": "websocket.close", "code": 1000, "reason": ""})

    ws_app = WSApp()

    router = Router([Route("/ws/{n:int}", RawApp("http")), WebSocketRoute("/ws/{n:int}", ws_app)])
    scope = {**http_scope(path="/ws/5"), "type": "websocket", "scheme": "ws"}
    assert await run_http(router, scope) == [
        {"type": "websocket.accept"},
        {"type": "websocket.send", "text": "{'n': 5}"},
        {"type": "websocket.close", "code": 1000, "reason": ""},
    ]
    scope = {**http_scope(path="/other"), "type": "websocket", "scheme": "ws"}
    assert await run_http(router, scope) == [
        {"type": "websocket.close", "code": 1000, "reason": ""}
    ]


class Tagger:
    """A pure ASGI middleware adding a header."""

    def __init__(self, app: Any, value: str) -> None:
        self.app, self.value = app, value

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def tagged(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-tag", self.value.encode())]
            await send(message)

        await self.app(scope, receive, tagged)


async def test_route_mount_and_router_middleware_wrap_in_order():
    route = Route("/r", RawApp("r"), middleware=[(Tagger, (), {"value": "route"})])
    mount = Mount("/m", app=RawApp("m"), middleware=[(Tagger, ("mount",), {})])
    router = Router(
        [route, mount],
        middleware=[(Tagger, ("outer",), {}), (Tagger, ("inner",), {})],
    )
    body = b"r GET {} ''"
    assert await get(router, "/r") == (
        200,
        [*text_headers(body), (b"x-tag", b"route"), (b"x-tag", b"inner"), (b"x-tag", b"outer")],
        body,
    )
    body = b"m GET {} '/m'"
    assert await get(router, "/m/x") == (
        200,
        [*text_headers(body), (b"x-tag", b"mount"), (b"x-tag", b"inner"), (b"x-tag", b"outer")],
        body,
    )


async def test_building_methods_and_deprecated_decorators():
    router = Router()
    router.add_route("/a", show, methods=["POST"], name="a", include_in_schema=False)
    router.add_websocket_route("/ws", RawApp("ws"), name="ws")
    router.mount("/m", RawApp("m"), name="m")
    router.host("h.org", RawApp("h"), name="h")
    with pytest.warns(DeprecationWarning, match="The `route` decorator is deprecated"):

        @router.route("/deco", methods=["PUT"], name="deco")
        async def deco(request: Request) -> PlainTextResponse:
            return PlainTextResponse("deco")

    with pytest.warns(DeprecationWarning, match="The `websocket_route` decorator is deprecated"):

        @router.websocket_route("/wsd", name="wsd")
        async def wsd(websocket: Any) -> None:
            pass

    assert [repr(r) for r in router.routes[:2]] == [
        "Route(path='/a', name='a', methods=['POST'])",
        "WebSocketRoute(path='/ws', name='ws')",
    ]
    assert router.routes[0].include_in_schema is False
    assert [type(r).__name__ for r in router.routes] == [
        "Route", "WebSocketRoute", "Mount", "Host", "Route", "WebSocketRoute",
    ]  # fmt: skip
    assert await get(router, "/deco", "PUT") == (200, text_headers(b"deco"), b"deco")
    assert str(router.url_path_for("wsd")) == "/wsd"


def test_configuration_errors_name_the_route():
    with pytest.raises(ValueError, match=r"^Routed paths must start with '/': route path 'x'$"):
        Route("x", show)
    with pytest.raises(ValueError, match="websocket route path 'w'"):
        WebSocketRoute("w", show)
    with pytest.raises(ValueError, match="mount path 'm'"):
        Mount("m", app=RawApp("m"))
    with pytest.raises(ValueError, match=r"^Either 'app=\.\.\.', or 'routes=' must be specified"):
        Mount("/m")
    with pytest.raises(ValueError, match=r"^Host must not start with '/': host '/h'$"):
        Host("/h", app=RawApp("h"))
    with pytest.raises(ValueError, match=r"^Unknown path convertor 'nope' at path /a/\{b:nope\}$"):
        Route("/a/{b:nope}", show)


def test_reprs_and_equality():
    app = RawApp("x")
    assert repr(Route("/x", show)) == "Route(path='/x', name='show', methods=['GET', 'HEAD'])"
    assert repr(Mount("/m/", app=app)) == f"Mount(path='/m', name='', app={app!r})"
    assert repr(Host("h.org", app=app, name="h")) == f"Host(host='h.org', name='h', app={app!r})"
    assert Route("/x", show) == Route("/x", show)
    assert Route("/x", show) != Route("/x", show, methods=["POST"])
    assert Mount("/m", app=app) == Mount("/m", app=app)
    assert Router([Route("/x", show)]) == Router([Route("/x", show)])
    assert WebSocketRoute("/w", app) == WebSocketRoute("/w", app)


def test_scope_types_other_than_http_websocket_lifespan_are_refused():
    router = Router()
    coro = router({"type": "weird"}, None, None)
    with pytest.raises(ValueError, match="Router cannot handle ASGI scope type 'weird'"):
        coro.send(None)


def test_no_match_found_is_raised_by_the_router():
    with pytest.raises(NoMatchFound):
        Router([]).url_path_for("x")


async def test_websocket_function_endpoint_gets_a_websocket():
    from asgi_core.websockets import WebSocket

    async def room(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(f"room {websocket.path_params['name']}")
        await websocket.close(code=1001)

    router = Router([WebSocketRoute("/rooms/{name}", room)])
    scope = {**http_scope(path="/rooms/lobby"), "type": "websocket", "scheme": "ws"}
    incoming = [{"type": "websocket.connect"}]
    sent: list[Any] = []

    async def receive() -> Any:
        return incoming.pop(0)

    async def send(message: Any) -> None:
        sent.append(message)

    await router(scope, receive, send)
    assert sent == [
        {"type": "websocket.accept", "subprotocol": None, "headers": []},
        {"type": "websocket.send", "text": "room lobby"},
        {"type": "websocket.close", "code": 1001, "reason": ""},
    ]

"""``APIRoute`` and ``APIWebSocketRoute``: path operations with DI, validation and models.

When the route is built its endpoint is analysed into a ``Dependant`` and flattened into a
``Plan`` (see ``framework.dependencies``); a request runs the plan. ``dependency_overrides``
changes are noticed by a version counter and the plan is rebuilt once, not per request.
Unlike a plain ``Route``, a path operation answers only the methods it declares (no HEAD
added to GET), as FastAPI does.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from typing import Any

from pydantic.errors import PydanticSchemaGenerationError, PydanticUserError

from asgi_core.background import BackgroundTasks
from asgi_core.concurrency import run_in_threadpool
from asgi_core.requests import BODY_SCOPE_KEY, Request, receive_body
from asgi_core.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from asgi_core.types import ASGIApp, Receive, Scope, Send
from asgi_core.websockets import WebSocket
from framework._typing import resolved_signature
from framework.datastructures import Default
from framework.dependencies.analysis import get_dependant, get_parameterless_sub_dependant
from framework.dependencies.models import Dependant
from framework.dependencies.plan import BodyMode, Plan, compile_plan
from framework.dependencies.solver import RequestInputs, solve, solve_lone, solve_lone_body
from framework.encoders import encode_json_text, jsonable_encoder
from framework.exceptions import FrameworkError, WebSocketRequestValidationError
from framework.routing.base import get_name
from framework.routing.compiling import compile_path
from framework.routing.options import generate_unique_id, unwrap_default
from framework.routing.routes import Route, WebSocketRoute
from framework.routing.serialize import ResponseSerializer

__all__ = ["APIRoute", "APIWebSocketRoute", "overrides_token"]

_NO_BODY_STATUS = frozenset({204, 205, 304})
_JSON_CONTENT_TYPE = (b"content-type", b"application/json")


def overrides_token(provider: Any) -> tuple[Any, ...]:
    """Something that changes whenever the provider's ``dependency_overrides`` change."""
    overrides = getattr(provider, "dependency_overrides", None)
    if not overrides:
        return ()
    version = getattr(overrides, "version", None)
    if version is not None:
        return (id(overrides), version)
    return tuple((id(k), id(v)) for k, v in overrides.items())


def _is_body_allowed(status_code: int | None) -> bool:
    return status_code is None or (status_code >= 200 and status_code not in _NO_BODY_STATUS)


class _PlanHolder:
    """The route's compiled plan, rebuilt when the overrides change."""

    __slots__ = ("build", "overrides", "plan", "provider", "token", "version")

    def __init__(self, build: Callable[[dict[Any, Any] | None], Plan], provider: Any) -> None:
        self.build = build
        self.provider = provider
        self.token: tuple[Any, ...] = ()
        self.overrides: Any = None
        self.version: int | None = None
        self.plan = build(None)

    def current(self) -> Plan:
        provider = self.provider
        if provider is None:
            return self.plan
        overrides = getattr(provider, "dependency_overrides", None)
        # The common case, in two identity/int comparisons: nothing changed since last time.
        version = getattr(overrides, "version", None)
        if overrides is self.overrides and version is not None and version == self.version:
            return self.plan
        token = overrides_token(provider)
        if token != self.token:
            self.plan = self.build(overrides if token else None)
            self.token = token
        self.overrides = overrides
        self.version = version
        return self.plan


class APIRoute(Route):
    """A path operation: ``@app.get("/items/{id}")`` builds one of these."""

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        response_model: Any = None,
        status_code: int | None = None,
        tags: list[Any] | None = None,
        dependencies: Sequence[Any] | None = None,
        summary: str | None = None,
        description: str | None = None,
        response_description: str = "Successful Response",
        responses: dict[int | str, dict[str, Any]] | None = None,
        deprecated: bool | None = None,
        name: str | None = None,
        methods: set[str] | list[str] | None = None,
        operation_id: str | None = None,
        response_model_include: Any = None,
        response_model_exclude: Any = None,
        response_model_by_alias: bool = True,
        response_model_exclude_unset: bool = False,
        response_model_exclude_defaults: bool = False,
        response_model_exclude_none: bool = False,
        include_in_schema: bool = True,
        response_class: Any = Default(JSONResponse),
        dependency_overrides_provider: Any = None,
        callbacks: list[Any] | None = None,
        openapi_extra: dict[str, Any] | None = None,
        generate_unique_id_function: Callable[[APIRoute], str] = Default(generate_unique_id),
        strict_content_type: bool = True,
    ) -> None:
        self.path = path
        self.endpoint = endpoint
        self.name = get_name(endpoint) if name is None else name
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)
        self.methods: set[str] = {m.upper() for m in (methods or ["GET"])}
        self.label = f"{'/'.join(sorted(self.methods))} {path}"
        # A generator endpoint streams its items (framework.routing.streaming).
        self.is_stream = _is_generator(endpoint)
        self.return_annotation = resolved_signature(endpoint).return_annotation
        self._response_model_choice = response_model
        self.response_model = self._response_model(response_model)
        self.status_code = status_code
        self.tags = list(tags or [])
        self.dependencies = list(dependencies or [])
        self.summary = summary
        self.description = _description(description, endpoint)
        self.response_description = response_description
        self.responses = dict(responses or {})
        self.deprecated = deprecated
        self.operation_id = operation_id
        self.response_model_include = response_model_include
        self.response_model_exclude = response_model_exclude
        self.response_model_by_alias = response_model_by_alias
        self.response_model_exclude_unset = response_model_exclude_unset
        self.response_model_exclude_defaults = response_model_exclude_defaults
        self.response_model_exclude_none = response_model_exclude_none
        self.include_in_schema = include_in_schema
        # FastAPI's default: a body without Content-Type is not read as JSON.
        self.strict_content_type = strict_content_type
        self._response_class_choice = response_class
        self.response_class = unwrap_default(response_class)
        self.dependency_overrides_provider = dependency_overrides_provider
        self.callbacks = callbacks
        self.openapi_extra = openapi_extra
        self._unique_id_choice = generate_unique_id_function
        self.generate_unique_id_function = unwrap_default(generate_unique_id_function)
        self.unique_id = self.operation_id or self.generate_unique_id_function(self)
        if not _is_body_allowed(status_code) and self.response_model is not None:
            raise FrameworkError(
                f"[{self.label}] status code {status_code} must not have a response body"
            )
        self.serializer = self._serializer()
        self._plans = _PlanHolder(self._build_plan, dependency_overrides_provider)
        self.dependant = self._plans.plan.endpoint_dependant
        self._endpoint_is_async = _is_async(endpoint)
        self.app = self._asgi_app(self.get_route_handler())
        if self.is_stream:
            from framework.routing.streaming import stream_plan

            stream_plan(self)  # an unusable item type is a configuration error, now

    # -- construction -------------------------------------------------------------------

    def _response_model(self, response_model: Any) -> Any:
        from framework.datastructures import DefaultPlaceholder

        if not isinstance(response_model, DefaultPlaceholder):
            return response_model
        if self.is_stream:
            return None
        annotation = self.return_annotation
        if annotation is inspect.Signature.empty or annotation is None or annotation is type(None):
            return None
        if inspect.isclass(annotation) and issubclass(annotation, Response):
            return None
        return annotation

    def _serializer(self) -> ResponseSerializer | None:
        if self.response_model is None:
            return None
        try:
            return ResponseSerializer(
                self.response_model,
                include=self.response_model_include,
                exclude=self.response_model_exclude,
                by_alias=self.response_model_by_alias,
                exclude_unset=self.response_model_exclude_unset,
                exclude_defaults=self.response_model_exclude_defaults,
                exclude_none=self.response_model_exclude_none,
            )
        except (PydanticSchemaGenerationError, PydanticUserError, TypeError) as exc:
            raise FrameworkError(
                f"[{self.label}] invalid response model {self.response_model!r}: {exc}"
            ) from exc

    def _build_plan(self, overrides: dict[Any, Any] | None) -> Plan:
        dependant = get_dependant(
            path=self.path_format,
            call=self.endpoint,
            overrides=overrides,
            route_label=self.label,
        )
        _prepend_dependencies(dependant, self.dependencies, self.path_format, overrides, self.label)
        return compile_plan(dependant)

    # -- request handling -----------------------------------------------------------------

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        """``async handler(request) -> Response``; subclasses may wrap it (FastAPI's pattern)."""
        return self._handle

    def _asgi_app(self, handler: Callable[[Request], Awaitable[Response]]) -> ASGIApp:
        plans = self._plans
        # The route's own handler on an endpoint without parameters or dependencies needs
        # no Request: call it and answer (a subclass's handler always gets one).
        own = getattr(handler, "__func__", None) is APIRoute._handle and not self.is_stream
        endpoint = self.endpoint
        endpoint_is_async = self._endpoint_is_async
        build_response = self.build_response
        handle_planned = self._handle_planned
        strict_content_type = self.strict_content_type

        # Responses are called through ``__call__``: calling the object itself goes through
        # its type's call slot first. The route's own handler is given the plan it needs.
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            plan = plans.current()
            if own:
                if plan.trivial:
                    scope["keel.exit_stack"] = None
                    if endpoint_is_async:
                        raw = await endpoint()
                    else:
                        raw = await run_in_threadpool(endpoint)
                    await build_response(raw, _NO_INPUTS).__call__(scope, receive, send)
                    return
                if not plan.needs_exit_stack:
                    scope["keel.exit_stack"] = None
                    if plan.lone_body is not None:
                        # One JSON body model is the endpoint's only input: validated from
                        # the bytes with no Request made. The general path (which finds the
                        # body in the scope) takes any body this does not settle.
                        body = scope[BODY_SCOPE_KEY] = await receive_body(receive)
                        content_type = _content_type(scope["headers"])
                        kwargs = solve_lone_body(plan, body, content_type, strict_content_type)
                        if kwargs is not None:
                            if endpoint_is_async:
                                raw = await endpoint(**kwargs)
                            else:
                                raw = await run_in_threadpool(endpoint, **kwargs)
                            response = build_response(raw, _NO_INPUTS)
                            await response.__call__(scope, receive, send)
                            return
                        request = Request(scope, receive, send)
                        response = await handle_planned(request, plan, lone_tried=True)
                    else:
                        response = await handle_planned(Request(scope, receive, send), plan)
                    await response.__call__(scope, receive, send)
                    return
            elif not plan.needs_exit_stack:
                scope["keel.exit_stack"] = None
                response = await handler(Request(scope, receive, send))
                await response.__call__(scope, receive, send)
                return
            async with AsyncExitStack() as stack:
                scope["keel.exit_stack"] = stack
                response = await handler(Request(scope, receive, send))
                await response.__call__(scope, receive, send)

        return app

    async def _handle(self, request: Request) -> Response:
        return await self._handle_planned(request, self._plans.current())

    async def _handle_planned(
        self, request: Request, plan: Plan, lone_tried: bool = False
    ) -> Response:
        """``_handle`` with the route's current plan already at hand (``lone_tried``: the
        lone body was tried already, ``solve_lone`` would only repeat it)."""
        if plan.trivial and not self.is_stream:
            # No parameters, no dependencies: nothing to gather, validate or inject.
            if self._endpoint_is_async:
                raw = await self.endpoint()
            else:
                raw = await run_in_threadpool(self.endpoint)
            return self.build_response(raw, _NO_INPUTS)
        inputs = RequestInputs(request, strict_content_type=self.strict_content_type)
        stack: AsyncExitStack | None = request.scope.get("keel.exit_stack")
        await _read_body(plan, request, inputs, stack)
        if plan.needs_response:
            inputs.response = _sub_response()
        if plan.needs_background:
            inputs.background = BackgroundTasks()
        if plan.needs_function_stack and not self.is_stream:
            # Depends(scope="function"): those yield dependencies exit when the endpoint
            # returns (or raises), before the response is built and sent.
            async with AsyncExitStack() as function_stack:
                inputs.function_stack = function_stack
                raw = await self._run_endpoint(plan, inputs, stack)
            return self.build_response(raw, inputs)
        kwargs = None if lone_tried else solve_lone(plan, inputs)
        if kwargs is None:
            kwargs = await solve(plan, inputs, stack)
        if self.is_stream:
            from framework.routing.streaming import stream_response

            streamed: Response = stream_response(self, kwargs, inputs)
            return streamed
        if self._endpoint_is_async:
            raw = await self.endpoint(**kwargs)
        else:
            raw = await run_in_threadpool(self.endpoint, **kwargs)
        return self.build_response(raw, inputs)

    async def _run_endpoint(
        self, plan: Plan, inputs: RequestInputs, stack: AsyncExitStack | None
    ) -> Any:
        kwargs = solve_lone(plan, inputs)
        if kwargs is None:
            kwargs = await solve(plan, inputs, stack)
        if self._endpoint_is_async:
            return await self.endpoint(**kwargs)
        return await run_in_threadpool(self.endpoint, **kwargs)

    def build_response(self, raw: Any, inputs: RequestInputs) -> Response:
        """The Response for the endpoint's return value (a Response passes through)."""
        background = inputs.background
        if isinstance(raw, Response):
            if raw.background is None and background is not None:
                raw.background = background
            return raw
        sub = inputs.response
        status = self.status_code
        if sub is not None and sub.status_code is not None:
            status = sub.status_code
        response = self._render(raw, status, background)
        if sub is not None:
            response.headers.raw.extend(sub.headers.raw)
        return response

    def _render(self, raw: Any, status: int | None, background: Any) -> Response:
        response_class = self.response_class
        if not _is_body_allowed(status):
            empty: Response = response_class(None, **_class_kwargs(status, background))
            empty.body = b""
            return empty
        serializer = self.serializer
        if response_class is JSONResponse:
            body = serializer.dump_json(raw) if serializer is not None else _json_body(raw)
            headers = [(b"content-length", str(len(body)).encode()), _JSON_CONTENT_TYPE]
            return Response.from_parts(body, status or 200, headers, background, verified=True)
        content_type = _TEXT_CONTENT_TYPES.get(response_class)
        if content_type is not None and type(raw) is str and serializer is None:
            # PlainTextResponse/HTMLResponse of a str: the bytes and two constant headers.
            body = raw.encode()
            headers = [(b"content-length", str(len(body)).encode()), content_type]
            text: Response = response_class.from_parts(
                body, status or 200, headers, background, verified=True
            )
            return text
        content = serializer.dump_jsonable(raw) if serializer else jsonable_encoder(raw)
        return response_class(content, **_class_kwargs(status, background))  # type: ignore[no-any-return]


def _class_kwargs(status: int | None, background: Any) -> dict[str, Any]:
    if status is None:
        return {"background": background}
    return {"status_code": status, "background": background}


# Exactly these classes (not subclasses, which may render differently) take the text path.
_TEXT_CONTENT_TYPES = {
    cls: (b"content-type", f"{cls.media_type}; charset={cls.charset}".encode("latin-1"))
    for cls in (PlainTextResponse, HTMLResponse)
}


_NO_INPUTS = RequestInputs(None)


def _json_body(raw: Any) -> bytes:
    """``JSONResponse(jsonable_encoder(raw)).body``, without building the response."""
    return encode_json_text(raw).encode("utf-8")


def _description(description: str | None, endpoint: Any) -> str:
    """FastAPI's rule: the given text, else the docstring, cut at ``\\f`` and stripped."""
    text = description or inspect.cleandoc(getattr(endpoint, "__doc__", None) or "")
    return text.split("\f")[0].strip()


def _is_generator(call: Any) -> bool:
    target = call if inspect.isroutine(call) else getattr(call, "__call__", call)  # noqa: B004
    target = inspect.unwrap(target)
    return inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target)


def _is_async(call: Any) -> bool:
    target = call if inspect.isroutine(call) else getattr(call, "__call__", call)  # noqa: B004
    return inspect.iscoroutinefunction(inspect.unwrap(target))


def _sub_response() -> Response:
    response = Response()
    del response.headers["content-length"]
    response.status_code = None  # type: ignore[assignment]
    return response


async def _read_body(
    plan: Plan, request: Request, inputs: RequestInputs, stack: AsyncExitStack | None
) -> None:
    mode = plan.body_mode
    if mode == BodyMode.NONE:
        return
    if mode == BodyMode.FORM:
        form = await request.form()
        if stack is None:
            raise RuntimeError("a form body needs the request's exit stack")
        stack.push_async_callback(form.close)
        inputs.form = form
        return
    inputs.body = await request.body()
    inputs.content_type = _content_type(request.scope["headers"])


def _content_type(headers: Any) -> str | None:
    """The first Content-Type (what ``request.headers.get`` gives, without building it)."""
    for name, value in headers:
        if name == b"content-type":
            return str(value.decode("latin-1"))
    return None


def _prepend_dependencies(
    dependant: Dependant,
    dependencies: Sequence[Any],
    path: str,
    overrides: dict[Any, Any] | None,
    label: str,
) -> None:
    subs = [
        get_parameterless_sub_dependant(
            depends=depends, path=path, overrides=overrides, route_label=label
        )
        for depends in dependencies
    ]
    dependant.dependencies[:0] = subs


class APIWebSocketRoute(WebSocketRoute):
    """A WebSocket endpoint with Path, Query, Header, Cookie and Depends parameters."""

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        name: str | None = None,
        dependencies: Sequence[Any] | None = None,
        dependency_overrides_provider: Any = None,
    ) -> None:
        self.path = path
        self.endpoint = endpoint
        self.name = get_name(endpoint) if name is None else name
        self.dependencies = list(dependencies or [])
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)
        self.label = f"WEBSOCKET {path}"
        self.dependency_overrides_provider = dependency_overrides_provider
        self._plans = _PlanHolder(self._build_plan, dependency_overrides_provider)
        self.dependant = self._plans.plan.endpoint_dependant
        self.app = self._handle

    def _build_plan(self, overrides: dict[Any, Any] | None) -> Plan:
        dependant = get_dependant(
            path=self.path_format, call=self.endpoint, overrides=overrides, route_label=self.label
        )
        _prepend_dependencies(dependant, self.dependencies, self.path_format, overrides, self.label)
        return compile_plan(dependant)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        plan = self._plans.current()
        async with AsyncExitStack() as stack:
            kwargs = await solve(
                plan, RequestInputs(websocket), stack, error_class=_ws_validation_error
            )
            await self.endpoint(**kwargs)


def _ws_validation_error(errors: Any, body: Any = None) -> Exception:
    return WebSocketRequestValidationError(errors)

"""``APIRouter``: path-operation decorators and ``include_router``.

Router-level defaults (prefix, tags, dependencies, responses, response class, callbacks,
deprecation, schema inclusion, unique-id function) are merged into each route in one place,
``_merged``, in FastAPI's order: outer router first, then the route's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from typing_extensions import Unpack

from asgi_core.responses import JSONResponse
from framework.datastructures import Default
from framework.exceptions import FrameworkError
from framework.routing.api_route import APIRoute, APIWebSocketRoute
from framework.routing.base import BaseRoute
from framework.routing.mounts import Mount
from framework.routing.options import RouteOptions, generate_unique_id, resolve_default
from framework.routing.router import Router
from framework.routing.routes import Route, WebSocketRoute

__all__ = ["APIRouter"]

_F = TypeVar("_F", bound=Callable[..., Any])


class APIRouter(Router):
    """A group of path operations sharing a prefix and defaults; include it in an App."""

    def __init__(
        self,
        *,
        prefix: str = "",
        tags: list[Any] | None = None,
        dependencies: Sequence[Any] | None = None,
        default_response_class: Any = Default(JSONResponse),
        responses: dict[int | str, dict[str, Any]] | None = None,
        callbacks: list[BaseRoute] | None = None,
        routes: list[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: Any = None,
        dependency_overrides_provider: Any = None,
        route_class: type[APIRoute] = APIRoute,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: Any = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        generate_unique_id_function: Callable[[APIRoute], str] = Default(generate_unique_id),
        strict_content_type: bool = True,
    ) -> None:
        super().__init__(
            routes=routes,
            redirect_slashes=redirect_slashes,
            default=default,
            on_startup=on_startup,
            on_shutdown=on_shutdown,
            lifespan=lifespan,
        )
        if prefix:
            _check_prefix(prefix)
        self.prefix = prefix
        self.tags: list[Any] = list(tags or [])
        self.dependencies = list(dependencies or [])
        self.deprecated = deprecated
        self.include_in_schema = include_in_schema
        self.responses = dict(responses or {})
        self.callbacks = list(callbacks or [])
        self.dependency_overrides_provider = dependency_overrides_provider
        self.route_class = route_class
        self.default_response_class = default_response_class
        self.generate_unique_id_function = generate_unique_id_function
        self.strict_content_type = strict_content_type

    # -- adding path operations ---------------------------------------------------------

    def _merged(self, options: RouteOptions) -> dict[str, Any]:
        merged: dict[str, Any] = dict(options)
        merged["tags"] = self.tags + list(options.get("tags") or [])
        merged["dependencies"] = self.dependencies + list(options.get("dependencies") or [])
        merged["responses"] = {**self.responses, **(options.get("responses") or {})}
        merged["callbacks"] = self.callbacks + list(options.get("callbacks") or [])
        merged["response_class"] = resolve_default(
            options.get("response_class", Default(JSONResponse)), self.default_response_class
        )
        merged["deprecated"] = options.get("deprecated") or self.deprecated
        merged["include_in_schema"] = (
            options.get("include_in_schema", True) and self.include_in_schema
        )
        merged["generate_unique_id_function"] = resolve_default(
            options.get("generate_unique_id_function", Default(generate_unique_id)),
            self.generate_unique_id_function,
        )
        merged.setdefault("response_model", Default(None))
        merged.setdefault("strict_content_type", self.strict_content_type)
        return merged

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        route_class_override: type[APIRoute] | None = None,
        **options: Unpack[RouteOptions],
    ) -> None:
        route_class = route_class_override or self.route_class
        route = route_class(
            self.prefix + path,
            endpoint,
            dependency_overrides_provider=self.dependency_overrides_provider,
            **self._merged(options),
        )
        self.routes.append(route)

    def api_route(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        def decorator(func: _F) -> _F:
            self.add_api_route(path, func, **options)
            return func

        return decorator

    def _method(self, method: str, path: str, options: RouteOptions) -> Callable[[_F], _F]:
        options["methods"] = [method]
        return self.api_route(path, **options)

    def get(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("GET", path, options)

    def put(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("PUT", path, options)

    def post(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("POST", path, options)

    def delete(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("DELETE", path, options)

    def options(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("OPTIONS", path, options)

    def head(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("HEAD", path, options)

    def patch(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("PATCH", path, options)

    def trace(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self._method("TRACE", path, options)

    def add_api_websocket_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        name: str | None = None,
        *,
        dependencies: Sequence[Any] | None = None,
    ) -> None:
        route = APIWebSocketRoute(
            self.prefix + path,
            endpoint,
            name=name,
            dependencies=self.dependencies + list(dependencies or []),
            dependency_overrides_provider=self.dependency_overrides_provider,
        )
        self.routes.append(route)

    def websocket(
        self, path: str, name: str | None = None, *, dependencies: Sequence[Any] | None = None
    ) -> Callable[[_F], _F]:
        def decorator(func: _F) -> _F:
            self.add_api_websocket_route(path, func, name=name, dependencies=dependencies)
            return func

        return decorator

    # -- including other routers ----------------------------------------------------------

    def include_router(
        self,
        router: APIRouter,
        *,
        prefix: str = "",
        tags: list[Any] | None = None,
        dependencies: Sequence[Any] | None = None,
        default_response_class: Any = Default(JSONResponse),
        responses: dict[int | str, dict[str, Any]] | None = None,
        callbacks: list[BaseRoute] | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        generate_unique_id_function: Callable[[APIRoute], str] = Default(generate_unique_id),
    ) -> None:
        """Copy ``router``'s routes here under ``prefix``, merging the given defaults."""
        if prefix:
            _check_prefix(prefix)
        if not router.routes and not prefix:
            return
        for route in router.routes:
            if isinstance(route, APIRoute):
                self._include_api_route(
                    route, router, prefix, tags, dependencies, default_response_class,
                    responses, callbacks, deprecated, include_in_schema,
                    generate_unique_id_function,
                )
            elif isinstance(route, APIWebSocketRoute):
                self.add_api_websocket_route(
                    prefix + route.path, route.endpoint, name=route.name,
                    dependencies=list(dependencies or []) + route.dependencies,
                )
            elif isinstance(route, Route):
                self.add_route(
                    prefix + route.path, route.endpoint, methods=_plain_methods(route),
                    name=route.name, include_in_schema=route.include_in_schema,
                )
            elif isinstance(route, WebSocketRoute):
                self.add_websocket_route(prefix + route.path, route.endpoint, name=route.name)
            elif isinstance(route, Mount):
                self.routes.append(Mount(prefix + route.path, app=route.app, name=route.name))
            else:
                self.routes.append(route)
        self._merge_lifecycle(router)

    def _include_api_route(
        self,
        route: APIRoute,
        router: APIRouter,
        prefix: str,
        tags: list[Any] | None,
        dependencies: Sequence[Any] | None,
        default_response_class: Any,
        responses: dict[int | str, dict[str, Any]] | None,
        callbacks: list[BaseRoute] | None,
        deprecated: bool | None,
        include_in_schema: bool,
        generate_unique_id_function: Any,
    ) -> None:
        response_class = _route_response_class(route, router, default_response_class)
        self.add_api_route(
            prefix + route.path,
            route.endpoint,
            response_model=route.response_model,
            status_code=route.status_code,
            tags=list(tags or []) + route.tags,
            dependencies=list(dependencies or []) + route.dependencies,
            summary=route.summary,
            description=route.description,
            response_description=route.response_description,
            responses={**(responses or {}), **route.responses},
            deprecated=route.deprecated or deprecated or self.deprecated,
            methods=sorted(route.methods),
            operation_id=route.operation_id,
            response_model_include=route.response_model_include,
            response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none,
            include_in_schema=route.include_in_schema and include_in_schema,
            response_class=response_class,
            name=route.name,
            callbacks=list(callbacks or []) + list(route.callbacks or []),
            openapi_extra=route.openapi_extra,
            generate_unique_id_function=resolve_default(
                route._unique_id_choice, router.generate_unique_id_function,
                generate_unique_id_function, self.generate_unique_id_function,
            ),
            route_class_override=type(route),
            strict_content_type=route.strict_content_type,
        )

    def _merge_lifecycle(self, router: APIRouter) -> None:
        on_startup = getattr(router, "on_startup", None)
        on_shutdown = getattr(router, "on_shutdown", None)
        if on_startup:
            self.on_startup.extend(on_startup)
        if on_shutdown:
            self.on_shutdown.extend(on_shutdown)


def _route_response_class(route: APIRoute, router: APIRouter, default: Any) -> Any:
    return resolve_default(
        route._response_class_choice, router.default_response_class, default,
        Default(JSONResponse),
    )


def _plain_methods(route: Route) -> list[str] | None:
    if route.methods is None:
        return None
    return sorted(m for m in route.methods if m != "HEAD" or "GET" not in route.methods)


def _check_prefix(prefix: str) -> None:
    if not prefix.startswith("/"):
        raise FrameworkError(f"A path prefix must start with '/': {prefix!r}")
    if prefix.endswith("/"):
        raise FrameworkError(
            f"A path prefix must not end with '/', as the routes will start with '/': {prefix!r}"
        )


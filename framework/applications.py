"""``App``: FastAPI's ``FastAPI`` class — a router, a middleware stack and app-wide settings.

The middleware stack is built on the first call, Starlette's way: ``ServerErrorMiddleware``
outermost (500s), the user's middleware, then ``ExceptionMiddleware`` innermost (handlers),
then the router. The OpenAPI document and docs pages come from the ``openapi`` package,
reached lazily (``App.openapi`` and ``App.setup``), never imported at module load.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from typing_extensions import Unpack

from asgi_core.datastructures import State
from asgi_core.exceptions import HTTPException
from asgi_core.responses import JSONResponse
from asgi_core.types import ASGIApp, Receive, Scope, Send
from framework._collector import collector_paused
from framework.datastructures import Default
from framework.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
    websocket_request_validation_exception_handler,
)
from framework.exceptions import RequestValidationError, WebSocketRequestValidationError
from framework.middleware import Middleware
from framework.middleware._direct import NextApp, direct
from framework.middleware.base import BaseHTTPMiddleware
from framework.middleware.boundary import ErrorBoundary
from framework.middleware.errors import ServerErrorMiddleware
from framework.middleware.exceptions import ExceptionMiddleware
from framework.routing.api_route import APIRoute
from framework.routing.api_router import APIRouter
from framework.routing.options import RouteOptions, generate_unique_id

__all__ = ["App", "DependencyOverrides"]

_F = TypeVar("_F", bound=Callable[..., Any])


class DependencyOverrides(dict[Any, Any]):
    """``app.dependency_overrides``: a dict that counts its changes, so routes re-plan once."""

    version = 0

    def _bump(self) -> None:
        self.version += 1

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self._bump()

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)
        self._bump()

    def clear(self) -> None:
        super().clear()
        self._bump()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._bump()

    def pop(self, *args: Any) -> Any:
        result = super().pop(*args)
        self._bump()
        return result

    def popitem(self) -> tuple[Any, Any]:
        result = super().popitem()
        self._bump()
        return result

    def setdefault(self, key: Any, default: Any = None) -> Any:
        result = super().setdefault(key, default)
        self._bump()
        return result


class App:
    """The application: ``app = App()``, then ``@app.get("/")`` and serve it with any server."""

    # Built on the first request; setting it also keeps the quickest callable for it.
    middleware_stack = NextApp()
    _middleware_stack_call: ASGIApp | None

    def __init__(
        self,
        *,
        debug: bool = False,
        routes: list[Any] | None = None,
        title: str = "FastAPI",
        summary: str | None = None,
        description: str = "",
        version: str = "0.1.0",
        openapi_url: str | None = "/openapi.json",
        openapi_tags: list[dict[str, Any]] | None = None,
        servers: list[dict[str, Any]] | None = None,
        dependencies: Sequence[Any] | None = None,
        default_response_class: Any = Default(JSONResponse),
        redirect_slashes: bool = True,
        docs_url: str | None = "/docs",
        redoc_url: str | None = "/redoc",
        swagger_ui_oauth2_redirect_url: str | None = "/docs/oauth2-redirect",
        swagger_ui_init_oauth: dict[str, Any] | None = None,
        middleware: Sequence[Middleware] | None = None,
        exception_handlers: dict[Any, Callable[..., Any]] | None = None,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: Any = None,
        terms_of_service: str | None = None,
        contact: dict[str, Any] | None = None,
        license_info: dict[str, Any] | None = None,
        openapi_prefix: str = "",
        root_path: str = "",
        root_path_in_servers: bool = True,
        responses: dict[int | str, dict[str, Any]] | None = None,
        callbacks: list[Any] | None = None,
        webhooks: APIRouter | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        swagger_ui_parameters: dict[str, Any] | None = None,
        generate_unique_id_function: Callable[[APIRoute], str] = Default(generate_unique_id),
        separate_input_output_schemas: bool = True,
        openapi_external_docs: dict[str, Any] | None = None,
        strict_content_type: bool = True,
        **extra: Any,
    ) -> None:
        self.debug = debug
        self.title = title
        self.summary = summary
        self.description = description
        self.version = version
        self.terms_of_service = terms_of_service
        self.contact = contact
        self.license_info = license_info
        self.openapi_url = openapi_url
        self.openapi_tags = openapi_tags
        self.root_path_in_servers = root_path_in_servers
        self.docs_url = docs_url
        self.redoc_url = redoc_url
        self.swagger_ui_oauth2_redirect_url = swagger_ui_oauth2_redirect_url
        self.swagger_ui_init_oauth = swagger_ui_init_oauth
        self.swagger_ui_parameters = swagger_ui_parameters
        self.servers = list(servers or [])
        self.separate_input_output_schemas = separate_input_output_schemas
        self.openapi_external_docs = openapi_external_docs
        self.extra = extra
        self.openapi_version = "3.1.0"
        self.openapi_schema: dict[str, Any] | None = None
        if openapi_prefix:
            warnings.warn(
                '"openapi_prefix" has been deprecated in favor of "root_path"',
                DeprecationWarning,
                stacklevel=2,
            )
        self.root_path = root_path or openapi_prefix
        self.state = State()
        self._dependency_overrides = DependencyOverrides()
        self.router: APIRouter = APIRouter(
            routes=routes,
            redirect_slashes=redirect_slashes,
            dependency_overrides_provider=self,
            on_startup=on_startup,
            on_shutdown=on_shutdown,
            lifespan=lifespan,
            default_response_class=default_response_class,
            dependencies=dependencies,
            callbacks=callbacks,
            deprecated=deprecated,
            include_in_schema=include_in_schema,
            responses=responses,
            generate_unique_id_function=generate_unique_id_function,
            strict_content_type=strict_content_type,
        )
        self.webhooks = webhooks or APIRouter()
        self.exception_handlers: dict[Any, Callable[..., Any]] = {
            HTTPException: http_exception_handler,
            RequestValidationError: request_validation_exception_handler,
            WebSocketRequestValidationError: websocket_request_validation_exception_handler,
            **(exception_handlers or {}),
        }
        self.user_middleware: list[Middleware] = list(middleware or [])
        self.middleware_stack = None
        self._not_found_response: JSONResponse | None = None
        self.setup()

    # -- overrides ------------------------------------------------------------------------

    @property
    def dependency_overrides(self) -> DependencyOverrides:
        return self._dependency_overrides

    @dependency_overrides.setter
    def dependency_overrides(self, value: dict[Any, Any]) -> None:
        fresh = DependencyOverrides(value)
        fresh.version = self._dependency_overrides.version + 1
        self._dependency_overrides = fresh

    # -- the ASGI app ---------------------------------------------------------------------

    def build_middleware_stack(self) -> ASGIApp:
        error_handler = None
        handlers: dict[Any, Any] = {}
        for key, value in self.exception_handlers.items():
            if key in (500, Exception):
                error_handler = value
            else:
                handlers[key] = value
        # Routing's 404 answers this directly when no handler would change it.
        self._not_found_response = (
            JSONResponse({"detail": "Not Found"}, status_code=404)
            if 404 not in handlers and handlers.get(HTTPException) is http_exception_handler
            else None
        )
        if not self.user_middleware:
            # The two error layers back to back: one fused layer does both for HTTP.
            exceptions = ExceptionMiddleware(
                self.router.middleware_stack, handlers=handlers, debug=self.debug
            )
            errors = ServerErrorMiddleware(exceptions, handler=error_handler, debug=self.debug)
            return ErrorBoundary(errors, exceptions)
        middleware = [
            Middleware(ServerErrorMiddleware, handler=error_handler, debug=self.debug),
            *self.user_middleware,
            Middleware(ExceptionMiddleware, handlers=handlers, debug=self.debug),
        ]
        app: ASGIApp = self.router.middleware_stack  # the router without its own frame
        for cls, args, kwargs in reversed(middleware):
            layer = cls(app, *args, **kwargs)
            if isinstance(app, ExceptionMiddleware) and isinstance(layer, BaseHTTPMiddleware):
                layer.stand_in_for(app)  # an @app.middleware layer can do its work too
            app = layer
        return app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self
        if self.root_path:
            scope["root_path"] = self.root_path
        call = self._middleware_stack_call
        if call is None:
            call = self._build_entry()
        await call(scope, receive, send)

    def _build_entry(self) -> ASGIApp:
        """Build the stack; return what a request enters first: the stack, or the
        ``@app.middleware`` layer right inside its ServerErrorMiddleware when that layer
        does the 500s too (``BaseHTTPMiddleware.stand_in_for``)."""
        stack = self.middleware_stack = self.build_middleware_stack()
        first = getattr(stack, "app", None)
        call: ASGIApp = direct(stack)
        if (
            isinstance(stack, ServerErrorMiddleware)
            and isinstance(first, BaseHTTPMiddleware)
            and first.stand_in_for(stack)
        ):
            call = first.__call__
        self._middleware_stack_call = call
        return call

    def add_middleware(self, middleware_class: Any, *args: Any, **kwargs: Any) -> None:
        if self.middleware_stack is not None:
            raise RuntimeError("Cannot add middleware after an application has started")
        self.user_middleware.insert(0, Middleware(middleware_class, *args, **kwargs))

    def middleware(self, middleware_type: str) -> Callable[[_F], _F]:
        """``@app.middleware("http")``: ``async def f(request, call_next) -> Response``."""
        from framework.middleware.base import middleware_decorator

        return middleware_decorator(self, middleware_type)

    def add_exception_handler(self, key: int | type[BaseException], handler: Any) -> None:
        self.exception_handlers[key] = handler

    def exception_handler(self, key: int | type[BaseException]) -> Callable[[_F], _F]:
        def decorator(func: _F) -> _F:
            self.add_exception_handler(key, func)
            return func

        return decorator

    # -- OpenAPI hooks (filled by the ``openapi`` package) ---------------------------------

    def setup(self) -> None:
        """Add the schema and docs routes when the emitter is available."""
        try:
            from openapi.routes import install_docs_routes
        except ImportError:
            return
        install_docs_routes(self)

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document, built on first use and cached in ``openapi_schema``."""
        if self.openapi_schema is None:
            with collector_paused():  # (see framework/_collector.py)
                self.openapi_schema = self._build_openapi()
        return self.openapi_schema

    def _build_openapi(self) -> dict[str, Any]:
        from openapi import get_openapi

        return get_openapi(
            title=self.title,
            version=self.version,
            openapi_version=self.openapi_version,
            summary=self.summary,
            description=self.description,
            terms_of_service=self.terms_of_service,
            contact=self.contact,
            license_info=self.license_info,
            routes=self.routes,
            webhooks=self.webhooks.routes,
            tags=self.openapi_tags,
            servers=self.servers,
            separate_input_output_schemas=self.separate_input_output_schemas,
            external_docs=self.openapi_external_docs,
        )

    # -- routing, delegated to the router --------------------------------------------------

    @property
    def routes(self) -> list[Any]:
        return self.router.routes

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        return self.router.url_path_for(name, **path_params)

    def add_api_route(
        self, path: str, endpoint: Callable[..., Any], **options: Unpack[RouteOptions]
    ) -> None:
        self.router.add_api_route(path, endpoint, **options)

    def api_route(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.api_route(path, **options)

    def get(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.get(path, **options)

    def put(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.put(path, **options)

    def post(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.post(path, **options)

    def delete(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.delete(path, **options)

    def options(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.options(path, **options)

    def head(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.head(path, **options)

    def patch(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.patch(path, **options)

    def trace(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[_F], _F]:
        return self.router.trace(path, **options)

    def websocket(
        self, path: str, name: str | None = None, *, dependencies: Sequence[Any] | None = None
    ) -> Callable[[_F], _F]:
        return self.router.websocket(path, name, dependencies=dependencies)

    def add_api_websocket_route(
        self, path: str, endpoint: Callable[..., Any], name: str | None = None, **kw: Any
    ) -> None:
        self.router.add_api_websocket_route(path, endpoint, name, **kw)

    def include_router(self, router: APIRouter, **options: Any) -> None:
        self.router.include_router(router, **options)

    def add_route(self, path: str, route: Callable[..., Any], **kwargs: Any) -> None:
        self.router.add_route(path, route, **kwargs)

    def add_websocket_route(self, path: str, route: Callable[..., Any], **kwargs: Any) -> None:
        self.router.add_websocket_route(path, route, **kwargs)

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.mount(path, app=app, name=name)

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.host(host, app=app, name=name)

    def add_event_handler(self, event_type: str, func: Callable[[], Any]) -> None:
        self.router.add_event_handler(event_type, func)

    def on_event(self, event_type: str) -> Callable[[_F], _F]:
        warnings.warn(
            "on_event is deprecated, use lifespan event handlers instead.",
            DeprecationWarning,
            stacklevel=2,
        )

        def decorator(func: _F) -> _F:
            self.add_event_handler(event_type, func)
            return func

        return decorator

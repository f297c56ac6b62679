"""The schema and docs routes an ``App`` serves: ``/openapi.json``, ``/docs``, ``/redoc``.

``App.setup()`` calls :func:`install_docs_routes`. Every URL a page embeds starts with the
request's ``root_path`` (set by a proxy, by ``App(root_path=...)`` or by a ``Mount``), so a
mounted sub-app's docs load the sub-app's own schema. The schema route also records that
``root_path`` as the first server (unless ``root_path_in_servers=False``), once per distinct
root path, as FastAPI does.
"""

from __future__ import annotations

from typing import Any

from asgi_core.requests import Request
from asgi_core.responses import HTMLResponse, JSONResponse, Response
from openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html

__all__ = ["install_docs_routes"]


def _root_path(request: Request) -> str:
    root_path: str = request.scope.get("root_path", "")
    return root_path.rstrip("/")


def install_docs_routes(app: Any) -> None:
    """Add the schema route and, when their URLs are set, the docs pages to ``app``."""
    if not app.openapi_url:
        return
    _add_schema_route(app)
    if app.docs_url:
        _add_swagger_routes(app)
    if app.redoc_url:
        _add_redoc_route(app)


def _add_schema_route(app: Any) -> None:
    server_urls: set[str] = {
        str(s["url"]) for s in app.servers if isinstance(s, dict) and s.get("url")
    }

    async def openapi(request: Request) -> Response:
        root_path = _root_path(request)
        if root_path not in server_urls:
            if root_path and app.root_path_in_servers:
                app.servers.insert(0, {"url": root_path})
            server_urls.add(root_path)
        return JSONResponse(app.openapi())

    app.add_route(app.openapi_url, openapi, include_in_schema=False)


def _add_swagger_routes(app: Any) -> None:
    async def swagger_ui(request: Request) -> HTMLResponse:
        root_path = _root_path(request)
        redirect = app.swagger_ui_oauth2_redirect_url
        return get_swagger_ui_html(
            openapi_url=root_path + app.openapi_url,
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=root_path + redirect if redirect else None,
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    app.add_route(app.docs_url, swagger_ui, include_in_schema=False)
    if app.swagger_ui_oauth2_redirect_url:

        async def oauth2_redirect(request: Request) -> HTMLResponse:
            return get_swagger_ui_oauth2_redirect_html()

        app.add_route(app.swagger_ui_oauth2_redirect_url, oauth2_redirect, include_in_schema=False)


def _add_redoc_route(app: Any) -> None:
    async def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=_root_path(request) + app.openapi_url, title=f"{app.title} - ReDoc"
        )

    app.add_route(app.redoc_url, redoc, include_in_schema=False)

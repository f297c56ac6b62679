"""The showcase ``App``: every topic module's router, the mounts, middleware and lifespan.

Served by ``make run`` (``python -m framework run examples.showcase:app --reload``).
``create_app()`` builds a fresh app so tests can take one each; ``app`` is the one served.
"""

from __future__ import annotations

from framework import App
from framework.routing import APIRoute
from framework.staticfiles import StaticFiles

from . import (
    custom_responses,
    dataclass_models,
    dependencies,
    index,
    lifespan,
    middleware,
    openapi_features,
    pages,
    request_direct,
    response_param,
    security_demo,
    settings,
    status_codes,
    subapp,
    tooling,
    websockets,
    wsgi_app,
)

__all__ = ["create_app", "tag_by_section"]

ROUTERS = (
    index.router,
    status_codes.router,
    response_param.router,
    custom_responses.router,
    dependencies.router,
    settings.router,
    lifespan.router,
    dataclass_models.router,
    request_direct.router,
    middleware.router,
    pages.router,
    websockets.router,
    openapi_features.router,
    security_demo.router,
    tooling.router,
)

#: The OpenAPI tags, in the index's order: each operation is tagged with its sections.
OPENAPI_TAGS = [{"name": "index"}] + [{"name": title} for title, _ in index.SECTIONS]


def create_app() -> App:
    app = App(
        title="Keel showcase",
        description="Every section of FastAPI's Advanced User Guide, on Keel.",
        version="1.0.0",
        lifespan=lifespan.lifespan,
        middleware=middleware.middleware,
        webhooks=openapi_features.webhooks,
        openapi_tags=OPENAPI_TAGS,
    )
    for router in ROUTERS:
        app.include_router(router)
    tag_by_section(app)
    app.mount("/subapi", subapp.subapi)
    app.mount("/wsgi", wsgi_app.wsgi)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app


def tag_by_section(app: App) -> None:
    """Tag every path operation with the sections that list it, so ``/docs`` groups by section."""
    for route in app.routes:
        if isinstance(route, APIRoute):
            regex = route.path_regex
            tags = [t for m in sorted(route.methods) for t in index.section_tags(m, regex)]
            if tags:
                route.tags = list(dict.fromkeys(tags))

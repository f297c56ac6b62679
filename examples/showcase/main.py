"""The showcase ``App``: every topic module's router, the mounts, middleware and lifespan.

Served by ``make run`` (``python -m framework run examples.showcase:app --reload``).
``create_app()`` builds a fresh app so tests can take one each; ``app`` is the one served.
"""

from __future__ import annotations

from framework import App
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
    settings,
    status_codes,
    subapp,
    websockets,
    wsgi_app,
)

__all__ = ["create_app"]

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
)


def create_app() -> App:
    app = App(
        title="Keel showcase",
        description="Every section of FastAPI's Advanced User Guide, on Keel.",
        version="1.0.0",
        lifespan=lifespan.lifespan,
        middleware=middleware.middleware,
        webhooks=openapi_features.webhooks,
    )
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/subapi", subapp.subapi)
    app.mount("/wsgi", wsgi_app.wsgi)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app

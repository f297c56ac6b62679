"""The same middlewares given as a list when the app is created: ``App(middleware=[...])``.

``Middleware(cls, **options)`` entries run outermost first: the host is checked before
anything else, then the response is compressed. ``www_redirect`` (on by default) sends a
request for ``example.com`` to ``www.example.com`` when only the latter is allowed.
"""

from __future__ import annotations

from framework import App
from framework.middleware import Middleware
from framework.middleware.gzip import GZipMiddleware
from framework.middleware.trustedhost import TrustedHostMiddleware

__all__ = ["app"]

app = App(
    middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=["www.example.com", "*.example.org"]),
        Middleware(GZipMiddleware, minimum_size=500),
    ]
)


@app.get("/")
async def main():
    return {"message": "Hello World"}


@app.get("/report")
async def report():
    return {"rows": [{"n": n, "square": n * n} for n in range(100)]}

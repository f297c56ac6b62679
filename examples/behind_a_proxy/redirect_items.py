"""``/items`` redirects to ``/items/``; behind a trusted proxy the Location is public.

The seed's program, plus the server's proxy-headers handling that
``keel run --forwarded-allow-ips="*"`` turns on, applied here as the middleware so that
the ``X-Forwarded-*`` headers set the scheme and host the redirect uses.
"""

from __future__ import annotations

from framework import App
from framework.middleware.proxy_headers import ProxyHeadersMiddleware

__all__ = ["app", "proxied_app"]

app = App()


@app.get("/items/")
def read_items():
    return ["plumbus", "portal gun"]


proxied_app = ProxyHeadersMiddleware(app, trusted_hosts="*")

"""``TrustedHostMiddleware``: only requests whose ``Host`` header is allowed get through.

``allowed_hosts`` takes domain names, with wildcards like ``*.example.com`` for
subdomains; any other host gets a 400, guarding against HTTP Host header attacks.
"""

from __future__ import annotations

from framework import App
from framework.middleware.trustedhost import TrustedHostMiddleware

__all__ = ["app"]

app = App()

app.add_middleware(
    TrustedHostMiddleware, allowed_hosts=["example.com", "*.example.com"]
)


@app.get("/")
async def main():
    return {"message": "Hello World"}

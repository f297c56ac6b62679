"""A plain ASGI middleware, added the two ways the seed shows.

``UnicornMiddleware`` stands in for any third-party ASGI middleware (the seed's
``unicorn`` package is imaginary): a class taking the app first and its options after.
It adds an ``x-unicorn`` header to every HTTP response, and fails on requests that ask for
``x-unicorn: none``.

``wrapped_app`` wraps the app by hand, ``UnicornMiddleware(app, some_config="rainbow")``;
``app`` uses ``app.add_middleware(UnicornMiddleware, some_config="rainbow")``, which places
the middleware inside the app's own error handling, so the app's ``Exception`` handler also
answers for errors raised in the middleware itself.
"""

from __future__ import annotations

from framework import App, Request
from framework.responses import PlainTextResponse

__all__ = ["UnicornError", "UnicornMiddleware", "app", "plain_app", "wrapped_app"]


class UnicornError(Exception):
    pass


class UnicornMiddleware:
    def __init__(self, app, some_config: str) -> None:
        self.app = app
        self.some_config = some_config

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (b"x-unicorn", b"none") in scope["headers"]:
            raise UnicornError("a request without unicorns")
        header = (b"x-unicorn", self.some_config.encode())

        async def send_with_unicorn(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, send_with_unicorn)


def _build() -> App:
    application = App()

    @application.exception_handler(Exception)
    async def unicorn_trouble(request: Request, exc: Exception):
        return PlainTextResponse(f"Unicorn trouble: {exc}", status_code=500)

    @application.get("/")
    async def main():
        return {"message": "Hello World"}

    return application


# The seed's first form: wrap the ASGI app by hand.
plain_app = _build()
wrapped_app = UnicornMiddleware(plain_app, some_config="rainbow")

# The seed's second form: let the app add it.
app = _build()
app.add_middleware(UnicornMiddleware, some_config="rainbow")

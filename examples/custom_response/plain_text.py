"""``PlainTextResponse`` as the response class."""

from __future__ import annotations

from framework import App
from framework.responses import PlainTextResponse

__all__ = ["app"]

app = App()


@app.get("/", response_class=PlainTextResponse)
async def main():
    return "Hello World"

"""A custom response class: orjson with ``OPT_INDENT_2`` (needs orjson)."""

from __future__ import annotations

from typing import Any

import orjson

from framework import App, Response

__all__ = ["CustomORJSONResponse", "app"]

app = App()


class CustomORJSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_INDENT_2)


@app.get("/", response_class=CustomORJSONResponse)
async def main():
    return {"message": "Hello World"}

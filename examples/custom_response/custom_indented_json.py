"""A custom response class written with the standard library: indented JSON.

The seed's "Custom response class" section with ``json`` instead of orjson, so it runs
without extras: subclass ``Response``, set ``media_type``, override ``render``.
"""

from __future__ import annotations

import json
from typing import Any

from framework import App, Response

__all__ = ["IndentedJSONResponse", "app"]

app = App()


class IndentedJSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, indent=2).encode("utf-8")


@app.get("/", response_class=IndentedJSONResponse)
async def main():
    return {"message": "Hello World"}

"""``openapi_extra`` adding an OpenAPI extension (``x-aperture-labs-portal``) to the operation."""

from __future__ import annotations

from framework import App

__all__ = ["app"]

app = App()


@app.get("/items/", openapi_extra={"x-aperture-labs-portal": "blue"})
async def read_items():
    return [{"item_id": "portal-gun"}]

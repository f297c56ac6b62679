"""The deprecated ``shutdown`` event handler (a sync ``def``) appends to ``log.txt``."""

from __future__ import annotations

from framework import App

__all__ = ["app"]

app = App()


@app.on_event("shutdown")
def shutdown_event():
    with open("log.txt", mode="a") as log:
        log.write("Application shutdown")


@app.get("/items/")
async def read_items():
    return [{"name": "Foo"}]

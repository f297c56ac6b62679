"""A top-level app with its own path operation, and a sub-application mounted at /subapi."""

from __future__ import annotations

from framework import App

__all__ = ["app", "subapi"]

app = App()


@app.get("/app")
def read_main():
    return {"message": "Hello World from main app"}


subapi = App()


@subapi.get("/sub")
def read_sub():
    return {"message": "Hello World from sub API"}


app.mount("/subapi", subapi)

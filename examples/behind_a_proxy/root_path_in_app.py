"""Set the ``root_path`` in the app itself (``App(root_path="/api/v1")``)."""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App(root_path="/api/v1")


@app.get("/app")
def read_main(request: Request):
    return {"message": "Hello World", "root_path": request.scope.get("root_path")}

"""Read the ``root_path`` the server (``--root-path /api/v1``) puts in the scope."""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App()


@app.get("/app")
def read_main(request: Request):
    return {"message": "Hello World", "root_path": request.scope.get("root_path")}

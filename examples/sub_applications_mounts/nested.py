"""Mounts within mounts: each sub-application sees its own ``root_path`` and ``url_for``
crosses them.

The seed: "the sub-application could also have its own mounted sub-applications and
everything would work correctly, because FastAPI handles all these root_paths
automatically."
"""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App()
subapi = App()
deeper = App()


@deeper.get("/where", name="where")
def where(request: Request):
    return {
        "root_path": request.scope["root_path"],
        "path": request.scope["path"],
        "url": str(request.url),
        "url_for": str(request.url_for("subapi:deeper:where")),
    }


@app.get("/links")
def links(request: Request):
    return {"where": str(request.url_for("subapi:deeper:where"))}


subapi.mount("/deeper", deeper, name="deeper")
app.mount("/subapi", subapi, name="subapi")

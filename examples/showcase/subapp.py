"""Sub applications: an independent ``App`` mounted at ``/subapi``.

"Sub Applications - Mounts": the sub-app has its own routes (and its own docs at
``/subapi/docs`` once the OpenAPI emitter is installed); mounted, it sees ``root_path``
``/subapi`` and builds its URLs under it.
"""

from __future__ import annotations

from framework import App, Request

__all__ = ["subapi"]

subapi = App(title="Showcase sub-application")


@subapi.get("/sub")
def read_sub(request: Request) -> dict[str, str]:
    return {
        "message": "Hello World from sub API",
        "root_path": request.scope.get("root_path", ""),
        "self": str(request.url_for("read_sub")),
    }

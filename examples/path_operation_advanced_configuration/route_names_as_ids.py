"""Function names as operationIds: overwrite every ``APIRoute.operation_id`` with its name.

Done after all path operations are added and before the document is first generated
(``app.openapi()`` caches it).
"""

from __future__ import annotations

from framework import App
from framework.routing import APIRoute

__all__ = ["app", "use_route_names_as_operation_ids"]

app = App()


@app.get("/items/")
async def read_items():
    return [{"item_id": "Foo"}]


def use_route_names_as_operation_ids(app: App) -> None:
    """
    Simplify operation IDs so that generated API clients have simpler function
    names.

    Should be called only after all routes have been added.
    """
    for route in app.routes:
        if isinstance(route, APIRoute):
            route.operation_id = route.name  # in this case, 'read_items'


use_route_names_as_operation_ids(app)

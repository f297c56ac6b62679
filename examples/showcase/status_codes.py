"""Additional status codes, and changing the status code through the ``Response`` parameter.

"Additional Status Codes": ``PUT /status/items/{item_id}`` is an upsert answering 200 when
the item existed and 201 (returned as a ``JSONResponse``) when it was created.
"Response - Change Status Code": ``PUT /status/tasks/{task_id}`` sets
``response.status_code`` on the temporal ``Response`` and still returns plain data.
"""

from __future__ import annotations

from typing import Annotated, Any

from framework import APIRouter, Body, Response, status
from framework.responses import JSONResponse

__all__ = ["ITEMS", "TASKS", "router"]

ITEMS: dict[str, dict[str, Any]] = {
    "foo": {"name": "Fighters", "size": 6},
    "bar": {"name": "Tenders", "size": 3},
}
TASKS: dict[str, str] = {"foo": "Listen to the Bar Fighters"}

router = APIRouter(prefix="/status", tags=["status codes"])


@router.put("/items/{item_id}")
async def upsert_item(
    item_id: str,
    name: Annotated[str | None, Body()] = None,
    size: Annotated[int | None, Body()] = None,
) -> Any:
    """Update the item if it exists (200), otherwise create it (201)."""
    if item_id in ITEMS:
        item = ITEMS[item_id]
        item["name"] = name
        item["size"] = size
        return item
    item = {"name": name, "size": size}
    ITEMS[item_id] = item
    return JSONResponse(status_code=status.HTTP_201_CREATED, content=item)


@router.put("/tasks/{task_id}", status_code=200)
def get_or_create_task(task_id: str, response: Response) -> str:
    """200 with the existing task, or 201 with a freshly created one."""
    if task_id not in TASKS:
        TASKS[task_id] = "This didn't exist before"
        response.status_code = status.HTTP_201_CREATED
    return TASKS[task_id]


@router.post("/accepted", status_code=status.HTTP_202_ACCEPTED)
def accept_job() -> dict[str, str]:
    """A non-default ``status_code`` declared on the decorator."""
    return {"job": "queued"}


@router.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: str):  # type: ignore[no-untyped-def]
    """204: no body at all.

    (No ``-> None``: Keel rejects it with 204, FastAPI accepts it; reported.)
    """
    ITEMS.pop(item_id, None)

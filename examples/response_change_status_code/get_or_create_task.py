"""200 for an existing task, 201 when the ``Response`` parameter's status is changed."""

from __future__ import annotations

from framework import App, Response, status

__all__ = ["app", "tasks"]

app = App()

tasks = {"foo": "Listen to the Bar Fighters"}


@app.put("/get-or-create-task/{task_id}", status_code=200)
def get_or_create_task(task_id: str, response: Response):
    if task_id not in tasks:
        tasks[task_id] = "This didn't exist before"
        response.status_code = status.HTTP_201_CREATED
    return tasks[task_id]

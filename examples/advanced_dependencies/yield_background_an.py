"""A background task that uses the resource of a ``yield`` dependency.

"Dependencies with yield, HTTPException, except and Background Tasks": the exit code of
a ``yield`` dependency runs after the response is sent (after the background tasks too),
so a background task can still use what the dependency set up. ``events`` records it.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, BackgroundTasks, Depends

__all__ = ["app", "events"]

app = App()

events: list[str] = []


class Connection:
    def __init__(self) -> None:
        self.open = True


def get_connection():
    connection = Connection()
    events.append("connection opened")
    yield connection
    connection.open = False
    events.append("connection closed")


def write_log(connection: Connection, message: str) -> None:
    events.append(f"log {message!r} (connection open: {connection.open})")


@app.post("/send-notification/{email}")
async def send_notification(
    email: str,
    background_tasks: BackgroundTasks,
    connection: Annotated[Connection, Depends(get_connection)],
):
    background_tasks.add_task(write_log, connection, f"notification for {email}")
    events.append("endpoint returned")
    return {"message": "Notification sent in the background"}

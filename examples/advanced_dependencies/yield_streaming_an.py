"""A ``yield`` dependency whose resource a ``StreamingResponse`` still uses while streaming.

"Dependencies with yield and StreamingResponse": the code after ``yield`` runs after the
response has been sent, so a session opened by the dependency is still open while the
body streams, and is closed afterwards. ``events`` records the order for the tests.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from framework.responses import StreamingResponse

__all__ = ["Session", "app", "events"]

app = App()

events: list[str] = []


class Session:
    def __init__(self) -> None:
        self.open = True

    def rows(self):
        for name in ("plumbus", "portal-gun"):
            events.append(f"row {name} (session open: {self.open})")
            yield f"{name}\n"


def get_session():
    session = Session()
    events.append("session opened")
    try:
        yield session
    finally:
        session.open = False
        events.append("session closed")


@app.get("/items/")
def read_items(session: Annotated[Session, Depends(get_session)]):
    return StreamingResponse(session.rows(), media_type="text/plain")

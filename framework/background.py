"""``fastapi.background``: tasks that run after the response is sent."""

from asgi_core.background import BackgroundTasks

__all__ = ["BackgroundTasks"]

"""The app reads the shared settings object from ``config``."""

from __future__ import annotations

from framework import App

from .config import settings

__all__ = ["app"]

app = App()


@app.get("/info")
async def info():
    return {
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    }

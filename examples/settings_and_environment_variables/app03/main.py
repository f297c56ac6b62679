"""The cached ``get_settings`` dependency reads ``.env`` (once: ``lru_cache``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from framework import App, Depends

from . import config

__all__ = ["app", "get_settings"]

app = App()


@lru_cache
def get_settings():
    return config.Settings.load()


@app.get("/info")
async def info(settings: Annotated[config.Settings, Depends(get_settings)]):
    return {
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    }

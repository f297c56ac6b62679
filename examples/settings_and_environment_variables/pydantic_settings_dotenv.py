"""The seed's ``.env`` program with pydantic-settings: ``SettingsConfigDict(env_file=".env")``."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic_settings import BaseSettings, SettingsConfigDict

from framework import App, Depends

__all__ = ["Settings", "app", "get_settings"]


class Settings(BaseSettings):
    app_name: str = "Awesome API"
    admin_email: str
    items_per_user: int = 50

    model_config = SettingsConfigDict(env_file=".env")


app = App()


@lru_cache
def get_settings():
    return Settings()


@app.get("/info")
async def info(settings: Annotated[Settings, Depends(get_settings)]):
    return {
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    }

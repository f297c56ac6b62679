"""The seed's program as written, with pydantic-settings (``pip install pydantic-settings``)."""

from __future__ import annotations

from pydantic_settings import BaseSettings

from framework import App

__all__ = ["Settings", "app", "settings"]


class Settings(BaseSettings):
    app_name: str = "Awesome API"
    admin_email: str
    items_per_user: int = 50


settings = Settings()
app = App()


@app.get("/info")
async def info():
    return {
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    }

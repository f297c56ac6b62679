"""The seed's first settings program: ``Settings`` read from the environment at import.

Run it with ``ADMIN_EMAIL="deadpool@example.com" APP_NAME="ChimichangApp" keel run ...``;
without ``ADMIN_EMAIL`` the import fails with a ``ValidationError``.
"""

from __future__ import annotations

from framework import App

from .envsettings import EnvSettings

__all__ = ["Settings", "app", "settings"]


class Settings(EnvSettings):
    app_name: str = "Awesome API"
    admin_email: str
    items_per_user: int = 50


settings = Settings.from_env()
app = App()


@app.get("/info")
async def info():
    return {
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    }

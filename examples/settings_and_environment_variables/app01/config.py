"""The settings object, created once when the module is imported."""

from __future__ import annotations

from ..envsettings import EnvSettings

__all__ = ["Settings", "settings"]


class Settings(EnvSettings):
    app_name: str = "Awesome API"
    admin_email: str
    items_per_user: int = 50


settings = Settings.from_env()

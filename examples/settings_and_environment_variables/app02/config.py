"""The ``Settings`` class only: ``main.get_settings`` creates the instance."""

from __future__ import annotations

from ..envsettings import EnvSettings

__all__ = ["Settings"]


class Settings(EnvSettings):
    app_name: str = "Awesome API"
    admin_email: str
    items_per_user: int = 50

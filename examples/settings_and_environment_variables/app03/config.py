"""``Settings`` whose values may come from a ``.env`` file in the working directory."""

from __future__ import annotations

from ..envsettings import EnvSettings

__all__ = ["Settings"]


class Settings(EnvSettings):
    app_name: str = "Awesome API"
    admin_email: str
    items_per_user: int = 50

    @classmethod
    def load(cls) -> Settings:
        return cls.from_env(env_file=".env")

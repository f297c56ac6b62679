"""Settings and environment variables, as a cached dependency tests can override.

"Settings and Environment Variables": the seed uses pydantic-settings; Keel's test extra
does not ship it, so this module reads ``SHOWCASE_*`` variables into a plain pydantic model
(the shape is the same). ``get_settings`` is cached with ``lru_cache`` and injected with
``Depends``, so a test swaps it with ``app.dependency_overrides[get_settings]``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel

from framework import APIRouter, Depends

__all__ = ["Settings", "get_settings", "router"]


class Settings(BaseModel):
    app_name: str = "Awesome API"
    admin_email: str = "admin@example.com"
    items_per_user: int = 50


@lru_cache
def get_settings() -> Settings:
    """Read once per process: ``SHOWCASE_APP_NAME``, ``SHOWCASE_ADMIN_EMAIL``, ..."""
    values = {
        name: os.environ[f"SHOWCASE_{name.upper()}"]
        for name in Settings.model_fields
        if f"SHOWCASE_{name.upper()}" in os.environ
    }
    return Settings.model_validate(values)


router = APIRouter(prefix="/settings", tags=["settings"])


@router.get("/info")
async def info(settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, object]:
    return {
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    }

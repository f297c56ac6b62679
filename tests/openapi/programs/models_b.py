"""Models whose names collide with ``models_a``'s (component naming on collisions)."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["Inner", "Model"]


class Model(BaseModel):
    b: str


class Inner(BaseModel):
    y: int

"""Models whose names collide with ``models_b``'s (component naming on collisions)."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["Model", "Outer"]


class Model(BaseModel):
    a: int


class Outer(BaseModel):
    class Inner(BaseModel):
        x: int

    inner: Inner

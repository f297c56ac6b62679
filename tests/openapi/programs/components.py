"""Component names: collisions across modules, nested classes, ``-Input``/``-Output`` splits.

``split`` separates input and output schemas (the default); ``joined`` is the same program
with ``separate_input_output_schemas=False``.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, computed_field

from framework import APIRouter, App
from tests.openapi.programs import models_a, models_b


class Color(str, Enum):
    """A colour.\fNot in the schema."""

    red = "red"
    blue = "blue"


class Item(BaseModel):
    name: str
    description: str | None = None
    color: Color = Color.red


class WithComputed(BaseModel):
    data: bytes
    width: int = 1

    @computed_field  # type: ignore[prop-decorator]
    @property
    def area(self) -> int:
        return self.width * 2


class Same(BaseModel):
    x: int


class Tree(BaseModel):
    value: int
    children: list[Tree] = []


router = APIRouter()


@router.post("/collide")
def collide(m: models_a.Model, n: models_b.Model) -> models_a.Model:
    return m


@router.post("/nested")
def nested(o: models_a.Outer, i: models_b.Inner) -> WithComputed:
    return WithComputed(data=b"")


@router.post("/computed")
def computed(w: WithComputed) -> list[Same]:
    return []


@router.post("/items/")
def create_item(item: Item) -> Item:
    return item


@router.get("/items/")
def read_items() -> list[Item]:
    return []


@router.post("/tree")
def tree(t: Tree) -> dict[str, WithComputed]:
    return {}


@router.get("/color/{color}")
def by_color(color: Color) -> Same:
    return Same(x=1)


split = App()
split.include_router(router)
joined = App(separate_input_output_schemas=False)
joined.include_router(router)
app = split


def documents() -> dict[str, object]:
    return {"split": split.openapi(), "joined": joined.openapi()}

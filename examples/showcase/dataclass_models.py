"""Using dataclasses: stdlib dataclasses as request bodies and response models.

"Using Dataclasses": a dataclass body is validated like a pydantic model; a dataclass as
``response_model`` filters and documents the output; nested dataclasses work too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from framework import APIRouter

__all__ = ["Author", "Item", "router"]

router = APIRouter(prefix="/dataclasses", tags=["dataclasses"])


@dataclass
class Item:
    name: str
    price: float
    description: str | None = None
    tax: float | None = None


@dataclass
class ItemOut:
    name: str
    price: float
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    tax: float | None = None


@dataclass
class Author:
    name: str
    items: list[Item] = field(default_factory=list)


@router.post("/items/")
async def create_item(item: Item) -> Item:
    return item


@router.get("/items/next", response_model=ItemOut)
async def read_next_item() -> dict[str, object]:
    return {
        "name": "Island In The Moon",
        "price": 12.99,
        "description": "A place to be playin' and havin' fun",
        "tags": ["breater"],
    }


@router.post("/authors/{author_id}/items/", response_model=Author)
async def create_author_items(author_id: str, items: list[Item]) -> dict[str, object]:
    return {"name": author_id, "items": items}


@router.get("/authors/", response_model=list[Author])
def get_authors() -> list[dict[str, object]]:
    return [
        {"name": "Breaters", "items": [{"name": "Island In The Moon", "price": 12.99}]},
        {"name": "System of an Up", "items": [{"name": "Salt", "price": 3.5}]},
    ]

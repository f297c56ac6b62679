"""The pydantic models and payloads every framework's scenarios share.

Keeping them in one module means Keel, FastAPI, Litestar and the raw floor validate and
serialize exactly the same shapes, so the timings compare like with like.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, Field

__all__ = [
    "CATALOG",
    "INVALID_ORDER",
    "ORDER",
    "Address",
    "CatalogItem",
    "Customer",
    "LineItem",
    "Order",
    "OrderPublic",
    "PublicCustomer",
    "dumps",
]


class Address(BaseModel):
    street: str
    city: str
    zip_code: str
    country: str = "NL"


class Customer(BaseModel):
    name: str
    email: str
    address: Address


class LineItem(BaseModel):
    sku: str
    name: str
    price: float
    quantity: int = Field(ge=1)
    tags: list[str] = []


class Order(BaseModel):
    """What the client posts: carries fields the public response must drop."""

    id: int
    customer: Customer
    items: list[LineItem]
    note: str | None = None
    internal_code: str


class PublicCustomer(BaseModel):
    name: str
    address: Address


class OrderPublic(BaseModel):
    """The ``response_model``: no ``internal_code``, no customer e-mail."""

    id: int
    customer: PublicCustomer
    items: list[LineItem]
    note: str | None = None


class CatalogItem(BaseModel):
    id: int
    name: str
    price: float
    in_stock: bool
    tags: list[str]


CATALOG = [
    CatalogItem(id=i, name=f"item {i}", price=i * 1.25, in_stock=i % 3 != 0, tags=["a", "b"])
    for i in range(100)
]

ORDER = {
    "id": 1001,
    "customer": {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "address": {"street": "1 Analytical Way", "city": "London", "zip_code": "N1 9GU"},
    },
    "items": [
        {"sku": f"SKU-{i}", "name": f"widget {i}", "price": 2.5 * i, "quantity": i, "tags": ["x"]}
        for i in range(1, 6)
    ],
    "note": "leave at the door",
    "internal_code": "do-not-leak",
}

INVALID_ORDER = {
    **ORDER,
    "customer": {"name": "Ada Lovelace", "address": ORDER["customer"]["address"]},  # type: ignore[index]
    "items": [{"sku": "SKU-1", "name": "widget", "price": 2.5, "quantity": "many"}],
}


def dumps(value: object) -> bytes:
    """Compact UTF-8 JSON, the bytes a JSON response carries."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()

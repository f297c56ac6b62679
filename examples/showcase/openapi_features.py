"""Path operation configuration that mostly shows in the OpenAPI document.

"Path Operation Advanced Configuration": an explicit ``operation_id``, a route hidden with
``include_in_schema=False``, a docstring cut at ``\\f``, ``openapi_extra``.
"Additional Responses in OpenAPI": ``responses={404: {"model": Message}}`` documents the
``JSONResponse`` the endpoint returns itself. "OpenAPI Callbacks" and "OpenAPI Webhooks":
declared here; they only change ``/openapi.json`` (served once the emitter is installed).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, HttpUrl

from framework import APIRouter
from framework.responses import JSONResponse

__all__ = ["Subscription", "callbacks_router", "router", "webhooks"]

router = APIRouter(prefix="/openapi-features", tags=["openapi"])


class Message(BaseModel):
    message: str


class FeatureItem(BaseModel):
    id: str
    value: str


@router.get("/items/{item_id}", response_model=FeatureItem, responses={404: {"model": Message}})
async def read_item(item_id: str) -> Any:
    """An item, or a documented 404 ``Message`` returned directly."""
    if item_id == "foo":
        return {"id": "foo", "value": "there goes my hero"}
    return JSONResponse(status_code=404, content={"message": "Item not found"})


@router.get("/operation-id", operation_id="some_specific_id_you_define")
async def read_with_operation_id() -> list[dict[str, str]]:
    return [{"item_id": "Foo"}]


@router.get("/hidden", include_in_schema=False)
async def read_hidden() -> dict[str, str]:
    """Served, but absent from the OpenAPI document."""
    return {"hidden": "yes"}


@router.post("/described", summary="Create an item")
async def create_described(item: FeatureItem) -> FeatureItem:
    """
    Create an item with all the information:

    - **id**: each item must have an id
    - **value**: its value
    \f
    :param item: User input (this part is cut from the OpenAPI description).
    """
    return item


@router.post("/extra", openapi_extra={"x-aperture-labs-portal": "blue"})
async def with_openapi_extra() -> dict[str, str]:
    return {"portal": "blue"}


class Invoice(BaseModel):
    id: str
    title: str | None = None
    customer: str
    total: float


class InvoiceEvent(BaseModel):
    description: str
    paid: bool


class InvoiceEventReceived(BaseModel):
    ok: bool


callbacks_router = APIRouter()


@callbacks_router.post(
    "{$callback_url}/invoices/{$request.body.id}", response_model=InvoiceEventReceived
)
def invoice_notification(body: InvoiceEvent) -> None:
    """What the external API must implement to receive our notification."""


@router.post("/invoices/", callbacks=callbacks_router.routes)
def create_invoice(invoice: Invoice, callback_url: HttpUrl | None = None) -> dict[str, str]:
    """Create an invoice; the callback to ``callback_url`` is documented, not sent here."""
    return {"msg": "Invoice received"}


class Subscription(BaseModel):
    username: str
    monthly_fee: float


webhooks = APIRouter(tags=["OpenAPI Webhooks"])


@webhooks.post("new-subscription")
def new_subscription(body: Subscription) -> None:
    """When a user subscribes, we send a POST with this body to the URL they registered."""

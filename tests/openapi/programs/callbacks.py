"""The seed's "OpenAPI Callbacks" program: an invoice API documenting its callback."""

from __future__ import annotations

from pydantic import BaseModel, HttpUrl

from framework import APIRouter, App

app = App()


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


invoices_callback_router = APIRouter()


@invoices_callback_router.post(
    "{$callback_url}/invoices/{$request.body.id}", response_model=InvoiceEventReceived
)
def invoice_notification(body: InvoiceEvent):
    pass


@app.post("/invoices/", callbacks=invoices_callback_router.routes)
def create_invoice(invoice: Invoice, callback_url: HttpUrl | None = None):
    """
    Create an invoice.

    This will (let's imagine) let the API user (some external developer) create an
    invoice.

    And this path operation will:

    * Send the invoice to the client.
    * Collect the money from the client.
    * Send a notification back to the API user (the external developer), as a callback.
        * At this point is that the API will use the callback URL
        * And will send the request to the callback URL.
    """
    # Send the invoice, collect the money, send the notification (the callback)
    return {"msg": "Invoice received"}


# A router-level callback reaches every operation of the router.
status_callbacks = APIRouter()


@status_callbacks.get("{$request.query.hook}/status")
def status_hook(state: str) -> InvoiceEventReceived:
    return InvoiceEventReceived(ok=True)


orders = APIRouter(prefix="/orders", callbacks=status_callbacks.routes)


@orders.post("/")
def create_order(hook: str):
    return {}


app.include_router(orders)

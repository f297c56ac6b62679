"""The invoice API with a documented callback (``callbacks=invoices_callback_router.routes``).

``invoices_callback_router`` is never mounted: its single path operation only describes,
in the OpenAPI document, the request this API will send to ``{$callback_url}`` once an
invoice is paid, and the answer it expects back.
"""

from __future__ import annotations

from typing import Union

from pydantic import BaseModel, HttpUrl

from framework import APIRouter, App

__all__ = ["Invoice", "InvoiceEvent", "InvoiceEventReceived", "app", "invoices_callback_router"]

app = App()


class Invoice(BaseModel):
    id: str
    title: Union[str, None] = None
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
def create_invoice(invoice: Invoice, callback_url: Union[HttpUrl, None] = None):
    """
    Create an invoice.

    This will (let's imagine) let the API user (some external developer) create an
    invoice.

    And this path operation will:

    * Send the invoice to the client.
    * Collect the money from the client.
    * Send a notification back to the API user (the external developer), as a callback.
        * At this point is that the API will somehow send a POST request to the
            external API with the notification of the invoice event
            (e.g. "payment successful").
    """
    # Send the invoice, collect the money, send the notification (the callback)
    return {"msg": "Invoice received"}

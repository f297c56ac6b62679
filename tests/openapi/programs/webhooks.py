"""The seed's "OpenAPI Webhooks" program."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from framework import App

app = App()


class Subscription(BaseModel):
    username: str
    monthly_fee: float
    start_date: datetime


@app.webhooks.post("new-subscription")
def new_subscription(body: Subscription):
    """
    When a new user subscribes to your service we'll send you a POST request with this
    data to the URL that you register for the event `new-subscription` in the dashboard.
    """


@app.webhooks.put("subscription-cancelled", tags=["billing"], deprecated=True)
def cancelled(username: str) -> Subscription:
    raise NotImplementedError


@app.get("/users/")
def read_users():
    return ["Rick", "Morty"]

"""A ``new-subscription`` webhook next to a normal path operation.

``app.webhooks`` is an ``APIRouter`` whose operations are only documented (under the
OpenAPI document's ``webhooks``): ``"new-subscription"`` is the event's name, not a path,
and nothing answers it over HTTP.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from framework import App

__all__ = ["Subscription", "app"]

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


@app.get("/users/")
def read_users():
    return ["Rick", "Morty"]

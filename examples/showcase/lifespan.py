"""Lifespan events: load a (fake) model before serving, release it at shutdown.

The seed's "Lifespan Events" section: everything before ``yield`` runs once at startup,
everything after at shutdown; the state yielded is copied into each request's
``request.state``. ``EVENTS`` records the order so the tests (and curious users) see it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from framework import APIRouter, Request

__all__ = ["EVENTS", "lifespan", "router"]

EVENTS: list[str] = []


def fake_answer_to_everything_ml_model(x: float) -> float:
    return x * 42


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
    """Load the ML model, serve, then clean the models up and release the resources."""
    EVENTS.append("startup")
    models: dict[str, Callable[[float], float]] = {
        "answer_to_everything": fake_answer_to_everything_ml_model
    }
    yield {"ml_models": models}
    models.clear()
    EVENTS.append("shutdown")


router = APIRouter(prefix="/lifespan", tags=["lifespan"])


@router.get("/predict")
async def predict(x: float, request: Request) -> dict[str, float]:
    """Use the model the lifespan loaded (404-free only while the app is started)."""
    result = request.state.ml_models["answer_to_everything"](x)
    return {"result": result}


@router.get("/events")
async def events() -> dict[str, list[str]]:
    """The lifespan events seen so far in this process."""
    return {"events": list(EVENTS)}

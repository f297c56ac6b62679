"""The seed's "Sub Applications - Mounts" program: each app documents only its own routes,
and the mounted one is served under its mount path."""

from __future__ import annotations

from framework import App
from testing import TestClient

app = App()


@app.get("/app")
def read_main():
    return {"message": "Hello World from main app"}


subapi = App()


@subapi.get("/sub")
def read_sub():
    return {"message": "Hello World from sub API"}


app.mount("/subapi", subapi)


def documents() -> dict[str, object]:
    client = TestClient(app)
    return {
        "main": client.get("/openapi.json").json(),
        "sub": client.get("/subapi/openapi.json").json(),
    }

"""The seed's "Behind a Proxy" programs: ``root_path`` set on the app or by the server,
``servers`` with and without ``root_path_in_servers``."""

from __future__ import annotations

from typing import Any

from framework import App, Request
from testing import TestClient


def build(**options: Any) -> App:
    app = App(**options)

    @app.get("/app")
    def read_main(request: Request):
        return {"message": "Hello World", "root_path": request.scope.get("root_path")}

    return app


SERVERS = [
    {"url": "https://stag.example.com", "description": "Staging environment"},
    {"url": "https://prod.example.com", "description": "Production environment"},
]

app = build(root_path="/api/v1")


def documents() -> dict[str, object]:
    found: dict[str, object] = {}
    found["app_root_path"] = TestClient(app).get("/openapi.json").json()
    servers = build(servers=list(SERVERS), root_path="/api/v1")
    found["servers"] = TestClient(servers).get("/openapi.json").json()
    hidden = build(servers=list(SERVERS), root_path="/api/v1", root_path_in_servers=False)
    found["not_in_servers"] = TestClient(hidden).get("/openapi.json").json()
    proxied = build()
    client = TestClient(proxied, root_path="/api/v1")
    found["server_root_path"] = client.get("/openapi.json").json()
    found["server_root_path_again"] = client.get("/openapi.json").json()
    plain = build()
    found["no_root_path"] = TestClient(plain).get("/openapi.json").json()
    return found

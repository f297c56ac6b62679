"""``root_path_in_servers=False``: only the declared OpenAPI ``servers`` are listed."""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App(
    servers=[
        {"url": "https://stag.example.com", "description": "Staging environment"},
        {"url": "https://prod.example.com", "description": "Production environment"},
    ],
    root_path="/api/v1",
    root_path_in_servers=False,
)


@app.get("/app")
def read_main(request: Request):
    return {"message": "Hello World", "root_path": request.scope.get("root_path")}

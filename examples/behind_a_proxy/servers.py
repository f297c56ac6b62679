"""Additional OpenAPI ``servers``; the ``root_path`` one is put first automatically."""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App(
    servers=[
        {"url": "https://stag.example.com", "description": "Staging environment"},
        {"url": "https://prod.example.com", "description": "Production environment"},
    ],
    root_path="/api/v1",
)


@app.get("/app")
def read_main(request: Request):
    return {"message": "Hello World", "root_path": request.scope.get("root_path")}

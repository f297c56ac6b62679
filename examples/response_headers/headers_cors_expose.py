"""A custom ``X-`` header a browser may read: exposed through the CORS configuration.

The seed: custom headers a browser client should see must be listed in the CORS
middleware's ``expose_headers``.
"""

from __future__ import annotations

from framework import App, Response
from framework.middleware.cors import CORSMiddleware

__all__ = ["app"]

app = App()

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://frontend.example.com"],
    expose_headers=["X-Cat-Dog"],
)


@app.get("/headers-and-object/")
def get_headers(response: Response):
    response.headers["X-Cat-Dog"] = "alone in the world"
    return {"message": "Hello World"}

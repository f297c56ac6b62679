"""Return an XML document in a plain ``Response`` with its media type."""

from __future__ import annotations

from framework import App, Response

__all__ = ["app"]

app = App()


@app.get("/legacy/")
def get_legacy_data():
    data = """<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    """
    return Response(content=data, media_type="application/xml")

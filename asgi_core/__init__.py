"""Keel's hand-written ASGI layer: requests, responses, websockets and their data types.

Import from the submodules (``asgi_core.requests``, ``asgi_core.responses``, ...), as
Starlette programs import from ``starlette.X``.
"""

__all__: list[str] = []

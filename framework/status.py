"""``fastapi.status``: every HTTP and WebSocket status code by name."""

from asgi_core.status import *  # noqa: F403
from asgi_core.status import __all__ as __all__

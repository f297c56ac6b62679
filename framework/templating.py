"""``fastapi.templating``: Jinja2 templates (needs the ``templates`` extra)."""

from asgi_core.templating import Jinja2Templates

__all__ = ["Jinja2Templates"]

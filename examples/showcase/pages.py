"""Templates and static files: a Jinja2 page whose stylesheet comes from ``/static``.

"Templates": ``Jinja2Templates`` renders ``templates/item.html`` with the request in the
context, so ``url_for('static', path=...)`` and ``url_for('read_item_page', id=...)`` build
URLs (``root_path`` included). The ``StaticFiles`` mount named ``static`` lives in ``main``.
"""

from __future__ import annotations

from pathlib import Path

from framework import APIRouter, Request
from framework.responses import HTMLResponse
from framework.templating import Jinja2Templates

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "router", "templates"]

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"

templates = Jinja2Templates(directory=TEMPLATES_DIR)

router = APIRouter(prefix="/templates", tags=["templates"])


@router.get("/items/{id}", response_class=HTMLResponse)
async def read_item_page(request: Request, id: str) -> HTMLResponse:
    return templates.TemplateResponse(request=request, name="item.html", context={"id": id})

"""Response headers and cookies: through the ``Response`` parameter, or on a returned Response.

"Response Headers" and "Response Cookies": declare ``response: Response`` and set headers or
cookies on it while returning plain data (they are merged into the final response), or
build and return the response yourself and set them there.
"""

from __future__ import annotations

from typing import Annotated

from framework import APIRouter, Cookie, Response
from framework.responses import JSONResponse

__all__ = ["router"]

router = APIRouter(prefix="/response", tags=["response parameter"])


@router.get("/headers")
def get_headers(response: Response) -> dict[str, str]:
    """A custom header set on the temporal response; the body is still serialized JSON."""
    response.headers["X-Cat-Dog"] = "alone in the world"
    return {"message": "Hello World"}


@router.get("/headers-direct")
def get_headers_direct() -> JSONResponse:
    """The same header on a response returned directly."""
    content = {"message": "Hello World"}
    headers = {"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"}
    return JSONResponse(content=content, headers=headers)


@router.post("/cookie-and-object")
def create_cookie(response: Response) -> dict[str, str]:
    """A cookie set on the temporal response."""
    response.set_cookie(key="fakesession", value="fake-cookie-session-value")
    return {"message": "Come to the dark side, we have cookies"}


@router.post("/cookie")
def create_cookie_direct() -> JSONResponse:
    """A cookie set on a response returned directly, with the usual attributes."""
    response = JSONResponse(content={"message": "Come to the dark side, we have cookies"})
    response.set_cookie(
        key="fakesession", value="fake-cookie-session-value", max_age=3600, httponly=True
    )
    return response


@router.get("/cookie")
def read_cookie(fakesession: Annotated[str | None, Cookie()] = None) -> dict[str, str | None]:
    """Read the cookie back (the browser, or the TestClient's jar, sends it)."""
    return {"fakesession": fakesession}


@router.post(
    "/status-and-header",
    status_code=201,
    responses={202: {"description": "Accepted: the status the endpoint sets at runtime"}},
)
def status_and_header(response: Response) -> dict[str, bool]:
    """Status, header and cookie all changed on the one temporal response."""
    response.status_code = 202
    response.headers["X-Queue"] = "low"
    response.set_cookie("job", "42", samesite="strict")
    return {"accepted": True}

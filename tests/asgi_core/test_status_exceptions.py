import http

from asgi_core import status
from asgi_core.exceptions import HTTPException, WebSocketException


def test_every_http_status_has_a_constant():
    values = {getattr(status, n) for n in status.__all__ if n.startswith("HTTP_")}
    assert {s.value for s in http.HTTPStatus} <= values
    assert status.HTTP_422_UNPROCESSABLE_ENTITY == 422
    assert status.HTTP_418_IM_A_TEAPOT == 418
    assert status.WS_1008_POLICY_VIOLATION == 1008


def test_http_exception_defaults_detail_to_phrase():
    exc = HTTPException(404)
    assert (exc.status_code, exc.detail, exc.headers) == (404, "Not Found", None)
    assert str(exc) == "404: Not Found"
    assert repr(exc) == "HTTPException(status_code=404, detail='Not Found')"
    exc = HTTPException(400, "bad", headers={"X-A": "1"})
    assert (exc.detail, exc.headers) == ("bad", {"X-A": "1"})


def test_websocket_exception():
    exc = WebSocketException(1008)
    assert (exc.code, exc.reason) == (1008, "")
    assert str(WebSocketException(1011, "boom")) == "1011: boom"

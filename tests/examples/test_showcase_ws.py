"""The showcase's WebSockets through the TestClient ("Testing WebSockets"), asyncio and trio."""

import time

import pytest

from examples.showcase import create_app
from examples.showcase.websockets import CHAT_PAGE, manager
from testing import TestClient, WebSocketDisconnect

BACKENDS = ["asyncio", "trio"]


@pytest.fixture(scope="module", params=BACKENDS)
def client(request):
    with TestClient(create_app(), backend=request.param) as c:
        yield c


def test_chat_page(client) -> None:
    r = client.get("/ws/", headers={"accept-encoding": "identity"})
    assert r.status_code == 200
    assert r.headers.multi_items() == [
        ("content-length", str(len(CHAT_PAGE.encode()))),
        ("content-type", "text/html; charset=utf-8"),
        ("vary", "Accept-Encoding, Origin"),
    ]
    assert r.text == CHAT_PAGE
    assert 'location.host + "/ws/chat/" + client_id' in r.text


def test_echo_text_and_bytes(client) -> None:
    with client.websocket_connect("/ws/echo") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "Message text was: hi"
        ws.send_bytes(b"\x00\x01")
        assert ws.receive_bytes() == b"\x00\x01"


def test_items_with_token_and_query(client) -> None:
    with client.websocket_connect("/ws/items/foo?token=tok&q=3") as ws:
        ws.send_text("hello")
        assert [ws.receive_text() for _ in range(3)] == [
            "Session cookie or query token value is: tok",
            "Query parameter q is: 3",
            "Message text was: hello, for item ID: foo",
        ]


def test_items_with_session_cookie(client) -> None:
    with client.websocket_connect("/ws/items/foo", cookies={"session": "ses"}) as ws:
        ws.send_text("hello")
        assert [ws.receive_text() for _ in range(2)] == [
            "Session cookie or query token value is: ses",
            "Message text was: hello, for item ID: foo",
        ]


def test_items_without_credentials_is_closed_1008(client) -> None:
    with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect("/ws/items/foo"):
        pass
    assert (info.value.code, info.value.reason) == (1008, "")


def test_chat_client_id_must_be_an_int(client) -> None:
    with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect("/ws/chat/x"):
        pass
    assert info.value.code == 1008
    # FastAPI passes the error list itself; Keel sends it as JSON text within the
    # 123-byte limit of a close reason (docs/coming-from-fastapi.md).
    assert info.value.reason == (
        '[{"type":"int_parsing","loc":["path","client_id"],"msg":"Input should be a valid '
        'integer, unable to parse string as an inte'
    )


def test_chat_broadcasts_and_announces_departures(client) -> None:
    with client.websocket_connect("/ws/chat/1") as a:
        with client.websocket_connect("/ws/chat/2") as b:
            a.send_text("hey")
            assert a.receive_text() == "You wrote: hey"
            assert a.receive_text() == "Client #1 says: hey"
            assert b.receive_text() == "Client #1 says: hey"
            b.send_text("yo")
            assert b.receive_text() == "You wrote: yo"
            assert {a.receive_text(), b.receive_text()} == {"Client #2 says: yo"}
        assert a.receive_text() == "Client #2 left the chat"
    # both left: the manager forgot them (the last one had nobody to tell)
    for _ in range(100):
        if not manager.active_connections:
            break
        time.sleep(0.01)
    assert manager.active_connections == []

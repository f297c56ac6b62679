"""UploadFile and FormData on asyncio and trio, including where each file call runs
(HARDENING CVE-2025-54121: once spooled to disk, I/O must leave the event loop); and the
small value types: State, Secret, CommaSeparatedStrings, Address."""

from __future__ import annotations

import io
import tempfile
import threading
from typing import Any

import pytest

from asgi_core.datastructures import (
    Address,
    CommaSeparatedStrings,
    FormData,
    Headers,
    Secret,
    State,
    UploadFile,
)


class ThreadRecordingFile(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
    """A spooled file that notes which thread ran each call, and whether it was on disk."""

    def __init__(self, max_size: int) -> None:
        super().__init__(max_size=max_size)
        self.calls: list[tuple[str, int, bool]] = []

    def _note(self, name: str) -> None:
        self.calls.append((name, threading.get_ident(), getattr(self, "_rolled")))

    def write(self, data: Any) -> int:
        self._note("write")
        return super().write(data)

    def read(self, *args: Any) -> Any:
        self._note("read")
        return super().read(*args)

    def seek(self, *args: Any) -> int:
        self._note("seek")
        return super().seek(*args)

    def close(self) -> None:
        self._note("close")
        super().close()


@pytest.mark.anyio
async def test_upload_file_round_trip() -> None:
    spooled = tempfile.SpooledTemporaryFile(max_size=10)
    upload = UploadFile(
        spooled, filename="a.txt", headers=Headers({"content-type": "text/plain"}), size=0
    )
    assert upload.content_type == "text/plain"
    assert upload.filename == "a.txt"
    assert repr(upload) == (
        "UploadFile(filename='a.txt', size=0, headers=Headers({'content-type': 'text/plain'}))"
    )
    await upload.write(b"hello")
    assert (upload.size, getattr(spooled, "_rolled")) == (5, False)
    await upload.write(b"hello world")
    assert (upload.size, getattr(spooled, "_rolled")) == (16, True)
    await upload.seek(0)
    assert await upload.read() == b"hellohello world"
    assert await upload.read(3) == b""
    await upload.seek(2)
    assert await upload.read(3) == b"llo"
    await upload.close()
    assert spooled.closed


@pytest.mark.anyio
async def test_upload_file_defaults_and_unknown_size() -> None:
    upload = UploadFile(io.BytesIO(b"abc"))
    assert (upload.filename, upload.size, upload.content_type) == (None, None, None)
    assert upload.headers == Headers()
    assert repr(upload) == "UploadFile(filename=None, size=None, headers=Headers({}))"
    await upload.write(b"x")
    assert upload.size is None  # not tracked unless it was given
    await upload.seek(0)
    assert await upload.read() == b"xbc"


@pytest.mark.anyio
async def test_io_stays_on_the_loop_in_memory_and_leaves_it_after_rollover() -> None:
    loop_thread = threading.get_ident()
    spooled = ThreadRecordingFile(max_size=8)
    upload = UploadFile(spooled, size=0)
    await upload.write(b"1234")  # stays in memory: direct call
    await upload.write(b"56789")  # would roll: the rollover write goes to a worker
    await upload.write(b"more")  # on disk
    await upload.seek(0)
    assert await upload.read() == b"123456789more"
    await upload.close()
    assert upload.size == 13
    on_loop = [(name, rolled) for name, thread, rolled in spooled.calls if thread == loop_thread]
    off_loop = [(name, rolled) for name, thread, rolled in spooled.calls if thread != loop_thread]
    assert on_loop == [("write", False)]
    assert off_loop == [
        ("write", False),
        ("write", True),
        ("seek", True),
        ("read", True),
        ("close", True),
    ]


@pytest.mark.anyio
async def test_every_call_stays_on_the_loop_while_in_memory() -> None:
    loop_thread = threading.get_ident()
    spooled = ThreadRecordingFile(max_size=1024)
    upload = UploadFile(spooled)
    await upload.write(b"abc")
    await upload.seek(0)
    assert await upload.read() == b"abc"
    await upload.close()
    assert [(name, thread == loop_thread) for name, thread, _ in spooled.calls] == [
        ("write", True),
        ("seek", True),
        ("read", True),
        ("close", True),
    ]


class _RecordingFile:
    """A real file whose calls note the thread they ran on."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.calls: list[tuple[str, int]] = []

    def _note(self, name: str) -> None:
        self.calls.append((name, threading.get_ident()))

    def write(self, data: bytes) -> int:
        self._note("write")
        return int(self.handle.write(data))

    def seek(self, offset: int) -> int:
        self._note("seek")
        return int(self.handle.seek(offset))

    def read(self, size: int = -1) -> bytes:
        self._note("read")
        return bytes(self.handle.read(size))

    def close(self) -> None:
        self._note("close")
        self.handle.close()


@pytest.mark.anyio
async def test_real_files_always_go_through_a_worker_thread(tmp_path: Any) -> None:
    loop_thread = threading.get_ident()
    with open(tmp_path / "f.bin", "w+b") as handle:
        recording = _RecordingFile(handle)
        upload = UploadFile(recording)  # type: ignore[arg-type]
        await upload.write(b"data")
        await upload.seek(0)
        assert await upload.read() == b"data"
        await upload.close()
    assert [(name, thread != loop_thread) for name, thread in recording.calls] == [
        ("write", True),
        ("seek", True),
        ("read", True),
        ("close", True),
    ]


@pytest.mark.anyio
async def test_form_data_close_closes_its_files() -> None:
    first = UploadFile(io.BytesIO(b"abc"), size=3, filename="f")
    second = UploadFile(tempfile.SpooledTemporaryFile(max_size=1), filename="g")
    form = FormData([("a", "1"), ("f", first), ("g", second)])
    assert form["a"] == "1"
    assert form.getlist("f") == [first]
    assert repr(FormData(a="1")) == "FormData([('a', '1')])"
    assert FormData({"a": "2"}).multi_items() == [("a", "2")]
    await first.write(b"xy")
    assert repr(form).startswith(
        "FormData([('a', '1'), ('f', UploadFile(filename='f', size=5, headers=Headers({}))), "
    )
    await form.close()
    assert first.file.closed
    assert second.file.closed


# --- small value types -----------------------------------------------------------------


def test_state() -> None:
    backing = {"a": 1}
    state = State(backing)
    assert state.a == 1
    state.c = 3
    assert backing == {"a": 1, "c": 3}
    del state.c
    assert backing == {"a": 1}
    with pytest.raises(AttributeError, match="^'State' object has no attribute 'b'$"):
        _ = state.b
    with pytest.raises(KeyError):
        del state.zz
    assert State()._state == {}
    assert not hasattr(State(), "missing")


def test_state_copies() -> None:
    import copy
    import pickle

    state = State({"a": [1]})
    shallow = copy.copy(state)
    assert shallow.a is state.a
    deep = copy.deepcopy(state)
    assert deep.a == [1]
    assert deep.a is not state.a
    assert pickle.loads(pickle.dumps(state)).a == [1]


def test_secret() -> None:
    secret = Secret("abc")
    assert repr(secret) == "Secret('**********')"
    assert str(secret) == "abc"
    assert bool(secret) is True
    assert bool(Secret("")) is False


def test_comma_separated_strings() -> None:
    items = CommaSeparatedStrings("a, b ,c")
    assert list(items) == ["a", "b", "c"]
    assert len(items) == 3
    assert items[0] == "a"
    assert items[1:] == ["b", "c"]
    assert repr(items) == "CommaSeparatedStrings(['a', 'b', 'c'])"
    assert str(items) == "'a', 'b', 'c'"
    assert list(CommaSeparatedStrings(["x", "y"])) == ["x", "y"]
    assert list(CommaSeparatedStrings("")) == []
    assert list(CommaSeparatedStrings('"a,b", c')) == ["a,b", "c"]


def test_address() -> None:
    address = Address("h", 1)
    assert address == ("h", 1)
    assert (address.host, address.port) == ("h", 1)
    assert repr(address) == "Address(host='h', port=1)"


def test_public_names() -> None:
    import asgi_core.datastructures as module

    assert sorted(module.__all__) == sorted(
        [
            "URL",
            "Address",
            "CommaSeparatedStrings",
            "FormData",
            "Headers",
            "ImmutableMultiDict",
            "MultiDict",
            "MutableHeaders",
            "QueryParams",
            "Secret",
            "State",
            "URLPath",
            "UploadFile",
        ]
    )
    for name in module.__all__:
        assert getattr(module, name).__name__ == name

"""Headers and MutableHeaders: case-insensitive multi-value reads, in-place edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.datastructures import Headers, MutableHeaders

RAW = [(b"content-type", b"text/html"), (b"x-a", b"1"), (b"x-a", b"2")]


def test_headers_reads() -> None:
    h = Headers(raw=list(RAW))
    assert h["Content-Type"] == "text/html"
    assert h["x-a"] == "1"  # the first of several
    assert h.get("X-A") == "1"
    assert h.get("zz") is None
    assert h.get("zz", 3) == 3
    assert h.getlist("X-a") == ["1", "2"]
    assert h.getlist("zz") == []
    assert h.keys() == ["content-type", "x-a", "x-a"]
    assert h.values() == ["text/html", "1", "2"]
    assert h.items() == [("content-type", "text/html"), ("x-a", "1"), ("x-a", "2")]
    assert len(h) == 3
    assert list(h) == ["content-type", "x-a", "x-a"]
    assert "X-a" in h
    assert "zz" not in h
    assert dict(h) == {"content-type": "text/html", "x-a": "1"}
    assert h.raw == RAW
    assert repr(h) == f"Headers(raw={RAW!r})"
    with pytest.raises(KeyError):
        h["zz"]
    with pytest.raises(TypeError):
        hash(h)


def test_headers_sources() -> None:
    from_mapping = Headers({"Content-Type": "x", "A": "b"})
    assert from_mapping.raw == [(b"content-type", b"x"), (b"a", b"b")]
    assert repr(from_mapping) == "Headers({'content-type': 'x', 'a': 'b'})"
    assert Headers(headers={"A": "ü"}).raw == [(b"a", b"\xfc")]
    assert Headers(headers={"A": "ü"})["a"] == "ü"
    assert Headers(raw=[(b"a", "ü".encode())])["a"] == "Ã¼"  # latin-1, as ASGI says
    assert repr(Headers()) == "Headers({})"
    assert Headers(scope={"headers": ((b"a", b"b"),)}).raw == [(b"a", b"b")]
    assert Headers(raw=[(b"a", b"")]).get("a") == ""
    assert "a" in Headers(raw=[(b"a", b"")])
    # ASGI header names are lower-case; a raw upper-case name is not found (as in Starlette)
    assert Headers(raw=[(b"A", b"x")]).get("a") is None
    with pytest.raises(ValueError):
        Headers(headers={"a": "b"}, raw=[])
    with pytest.raises(ValueError):
        Headers(raw=[], scope={"headers": []})


def test_headers_keep_the_raw_list_and_copy_the_scope_list() -> None:
    raw = [(b"a", b"1")]
    assert Headers(raw=raw).raw is raw
    scope = {"headers": raw}
    h = Headers(scope=scope)
    raw.append((b"a", b"2"))
    assert h.getlist("a") == ["1"]
    assert scope["headers"] is raw


def test_headers_equality() -> None:
    assert Headers(raw=[(b"a", b"b")]) == Headers(raw=[(b"a", b"b")])
    assert Headers(raw=[(b"a", b"b"), (b"c", b"d")]) == Headers(raw=[(b"c", b"d"), (b"a", b"b")])
    assert Headers(raw=[(b"a", b"b")]) == MutableHeaders(raw=[(b"a", b"b")])
    assert Headers(raw=[(b"a", b"b")]) != {"a": "b"}
    assert Headers(raw=[(b"a", b"1"), (b"a", b"2")]) == Headers(raw=[(b"a", b"2"), (b"a", b"1")])


def test_mutablecopy_is_independent() -> None:
    h = Headers(raw=[(b"a", b"1")])
    m = h.mutablecopy()
    assert isinstance(m, MutableHeaders)
    m["b"] = "2"
    assert h.raw == [(b"a", b"1")]
    assert m.raw == [(b"a", b"1"), (b"b", b"2")]
    assert repr(m) == "MutableHeaders({'a': '1', 'b': '2'})"


def _edit(op: Callable[[MutableHeaders], Any]) -> tuple[Any, list[tuple[bytes, bytes]], bool]:
    raw = [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")]
    h = MutableHeaders(raw=raw)
    result = op(h)
    return result, raw, h.raw is raw


@pytest.mark.parametrize(
    ("op", "result", "raw"),
    [
        (lambda h: h.__setitem__("A", "x"), None, [(b"a", b"x"), (b"b", b"2")]),
        (
            lambda h: h.__setitem__("c", "x"),
            None,
            [(b"a", b"1"), (b"b", b"2"), (b"a", b"3"), (b"c", b"x")],
        ),
        (lambda h: h.__setitem__("a", "é"), None, [(b"a", b"\xe9"), (b"b", b"2")]),
        (lambda h: h.__delitem__("a"), None, [(b"b", b"2")]),
        (lambda h: h.__delitem__("zz"), None, [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")]),
        (lambda h: h.setdefault("a", "z"), "1", [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")]),
        (
            lambda h: h.setdefault("N", "z"),
            "z",
            [(b"a", b"1"), (b"b", b"2"), (b"a", b"3"), (b"n", b"z")],
        ),
        (
            lambda h: h.update({"a": "u", "Q": "v"}),
            None,
            [(b"a", b"u"), (b"b", b"2"), (b"q", b"v")],
        ),
        (
            lambda h: h.append("A", "4"),
            None,
            [(b"a", b"1"), (b"b", b"2"), (b"a", b"3"), (b"a", b"4")],
        ),
        (
            lambda h: h.add_vary_header("Accept"),
            None,
            [(b"a", b"1"), (b"b", b"2"), (b"a", b"3"), (b"vary", b"Accept")],
        ),
        (
            lambda h: (h.get("a"), h["b"], "A" in h, h.get("zz")),
            ("1", "2", True, None),
            [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")],
        ),
    ],
)
def test_mutable_headers_edit_the_very_list(
    op: Callable[[MutableHeaders], Any], result: Any, raw: list[tuple[bytes, bytes]]
) -> None:
    assert _edit(op) == (result, raw, True)


def test_mutable_headers_or_operators() -> None:
    raw = [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")]
    h = MutableHeaders(raw=raw)
    merged = h | {"b": "9"}
    assert isinstance(merged, MutableHeaders)
    assert merged.raw == [(b"a", b"1"), (b"b", b"9"), (b"a", b"3")]
    assert h.raw == [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")]
    same = h
    h |= {"b": "9"}
    assert h is same
    assert raw == [(b"a", b"1"), (b"b", b"9"), (b"a", b"3")]
    with pytest.raises(TypeError, match="Expected a mapping but got int"):
        h | 5  # type: ignore[operator]
    with pytest.raises(TypeError, match="Expected a mapping but got int"):
        h |= 5  # type: ignore[arg-type]


def test_mutable_headers_sees_outside_appends() -> None:
    # Responses append Set-Cookie straight to raw_headers: the headers view must see it.
    raw: list[tuple[bytes, bytes]] = []
    h = MutableHeaders(raw=raw)
    assert h.get("set-cookie") is None
    raw.append((b"set-cookie", b"a=1"))
    assert h.get("set-cookie") == "a=1"
    assert h.getlist("set-cookie") == ["a=1"]


def test_mutable_headers_from_scope_points_the_scope_at_its_own_copy() -> None:
    original = [(b"a", b"1")]
    scope = {"headers": original}
    h = MutableHeaders(scope=scope)
    assert scope["headers"] is h.raw
    assert scope["headers"] is not original
    h["x"] = "1"
    assert scope["headers"] == [(b"a", b"1"), (b"x", b"1")]
    assert original == [(b"a", b"1")]


def test_add_vary_header() -> None:
    h = MutableHeaders()
    h.add_vary_header("Accept")
    assert h.raw == [(b"vary", b"Accept")]
    h.add_vary_header("Origin")
    assert h.raw == [(b"vary", b"Accept, Origin")]
    several = MutableHeaders(raw=[(b"vary", b"A"), (b"vary", b"B")])
    several.add_vary_header("C")
    assert several.raw == [(b"vary", b"A, B, C")]


def test_mutable_headers_reject_what_latin1_cannot_carry() -> None:
    h = MutableHeaders()
    with pytest.raises(UnicodeEncodeError):
        h["a"] = "😀"
    assert h.raw == []


# --- properties ------------------------------------------------------------------------

_names = st.sampled_from(["a", "b", "content-type", "x-thing"])
_values = st.text(st.sampled_from('ab Z;,="\xe9\xff\t'), max_size=10)


def _spell(name: str, mask: int) -> str:
    """``name`` with the letters whose bit is set in ``mask`` upper-cased."""
    return "".join(c.upper() if mask >> i & 1 else c for i, c in enumerate(name))


@settings(max_examples=100)
@given(pairs=st.lists(st.tuples(_names, _values), max_size=8), mask=st.integers(0, 2**12))
def test_headers_are_case_insensitive_and_keep_order(
    pairs: list[tuple[str, str]], mask: int
) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs]
    for cls in (Headers, MutableHeaders):
        h = cls(raw=list(raw))
        for name in ("a", "b", "content-type", "x-thing"):
            spelled = _spell(name, mask)
            values = [v for k, v in pairs if k == name]
            assert h.getlist(spelled) == values
            assert h.get(spelled) == (values[0] if values else None)
            assert (spelled in h) == bool(values)
        assert h.items() == pairs


@settings(max_examples=100)
@given(
    pairs=st.lists(st.tuples(_names, _values), max_size=8),
    name=_names,
    value=_values,
)
def test_setitem_leaves_exactly_one_value(
    pairs: list[tuple[str, str]], name: str, value: str
) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs]
    h = MutableHeaders(raw=raw)
    h[name.upper()] = value
    assert h.getlist(name) == [value]
    others = [(k, v) for k, v in pairs if k != name]
    assert [(k, v) for k, v in h.items() if k != name] == others
    del h[name]
    assert name not in h
    assert h.items() == others

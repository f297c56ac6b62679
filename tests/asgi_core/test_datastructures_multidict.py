"""ImmutableMultiDict, MultiDict and QueryParams: every method, and the query-string parser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.datastructures import ImmutableMultiDict, MultiDict, QueryParams

PAIRS = [("a", "1"), ("b", "2"), ("a", "3")]


def test_immutable_multidict_reads() -> None:
    d = ImmutableMultiDict(PAIRS)
    assert d["a"] == "3"
    assert d.get("a") == "3"
    assert d.get("z") is None
    assert d.get("z", "dflt") == "dflt"
    assert d.getlist("a") == ["1", "3"]
    assert d.getlist("z") == []
    assert list(d.keys()) == ["a", "b"]
    assert list(d.values()) == ["3", "2"]
    assert list(d.items()) == [("a", "3"), ("b", "2")]
    assert d.multi_items() == PAIRS
    assert len(d) == 2
    assert list(d) == ["a", "b"]
    assert "a" in d
    assert 1 not in d  # type: ignore[comparison-overlap]
    assert repr(d) == "ImmutableMultiDict([('a', '1'), ('b', '2'), ('a', '3')])"
    assert str(d) == repr(d)
    with pytest.raises(KeyError):
        d["z"]
    with pytest.raises(TypeError):
        hash(d)


def test_immutable_multidict_sources() -> None:
    assert ImmutableMultiDict({"x": "1", "y": "2"}).multi_items() == [("x", "1"), ("y", "2")]
    assert ImmutableMultiDict(ImmutableMultiDict(PAIRS)).multi_items() == PAIRS
    assert ImmutableMultiDict(PAIRS, x=1).multi_items() == [*PAIRS, ("x", 1)]
    assert ImmutableMultiDict(x=1).multi_items() == [("x", 1)]
    assert ImmutableMultiDict().multi_items() == []
    assert ImmutableMultiDict(iter([("a", 1)])).multi_items() == [("a", 1)]
    assert ImmutableMultiDict(QueryParams("a=1&a=2")).multi_items() == [("a", "1"), ("a", "2")]
    with pytest.raises(TypeError):
        ImmutableMultiDict([("a", "1")], [("b", "2")])
    source = [("a", "1")]
    copy = MultiDict(source)
    copy["b"] = "2"
    assert source == [("a", "1")]


def test_equality_ignores_key_order_not_value_order() -> None:
    d = ImmutableMultiDict(PAIRS)
    assert d == ImmutableMultiDict([("a", "1"), ("a", "3"), ("b", "2")])
    assert d != ImmutableMultiDict([("a", "3"), ("a", "1"), ("b", "2")])
    assert d != {"a": "3", "b": "2"}
    assert d != 5
    # Equality asks isinstance(other, type(self)); Python asks the subclass first, so an
    # ImmutableMultiDict and a MultiDict never compare equal either way (as in Starlette).
    assert d != MultiDict(PAIRS)
    assert MultiDict(PAIRS) != d
    assert MultiDict(PAIRS) == MultiDict(PAIRS)


def _run(op: Callable[[MultiDict], Any]) -> tuple[Any, list[tuple[Any, Any]], list[Any]]:
    m = MultiDict(PAIRS)
    result = op(m)
    return result, m.multi_items(), list(m.items())


@pytest.mark.parametrize(
    ("op", "result", "pairs", "items"),
    [
        (
            lambda m: m.__setitem__("a", "9"),
            None,
            [("b", "2"), ("a", "9")],
            [("a", "9"), ("b", "2")],
        ),
        (
            lambda m: m.__setitem__("c", "9"),
            None,
            [*PAIRS, ("c", "9")],
            [("a", "3"), ("b", "2"), ("c", "9")],
        ),
        (lambda m: m.__delitem__("a"), None, [("b", "2")], [("b", "2")]),
        (lambda m: m.pop("a"), "3", [("b", "2")], [("b", "2")]),
        (lambda m: m.pop("z"), None, PAIRS, [("a", "3"), ("b", "2")]),
        (lambda m: m.pop("z", 7), 7, PAIRS, [("a", "3"), ("b", "2")]),
        (lambda m: m.popitem(), ("b", "2"), [("a", "1"), ("a", "3")], [("a", "3")]),
        (lambda m: m.poplist("a"), ["1", "3"], [("b", "2")], [("b", "2")]),
        (lambda m: m.poplist("zz"), [], PAIRS, [("a", "3"), ("b", "2")]),
        (lambda m: m.clear(), None, [], []),
        (lambda m: m.setdefault("a", "x"), "3", PAIRS, [("a", "3"), ("b", "2")]),
        (
            lambda m: m.setdefault("n", "x"),
            "x",
            [*PAIRS, ("n", "x")],
            [("a", "3"), ("b", "2"), ("n", "x")],
        ),
        (
            lambda m: m.setdefault("o"),
            None,
            [*PAIRS, ("o", None)],
            [("a", "3"), ("b", "2"), ("o", None)],
        ),
        (
            lambda m: m.setlist("a", ["x", "y"]),
            None,
            [("b", "2"), ("a", "x"), ("a", "y")],
            [("a", "y"), ("b", "2")],
        ),
        (lambda m: m.setlist("b", []), None, [("a", "1"), ("a", "3")], [("a", "3")]),
        (
            lambda m: m.append("b", "5"),
            None,
            [*PAIRS, ("b", "5")],
            [("a", "3"), ("b", "5")],
        ),
        (
            lambda m: m.update([("a", "x"), ("c", "y"), ("c", "z")]),
            None,
            [("b", "2"), ("a", "x"), ("c", "y"), ("c", "z")],
            [("a", "x"), ("b", "2"), ("c", "z")],
        ),
        (
            lambda m: m.update({"b": "x"}, c="q"),
            None,
            [("a", "1"), ("a", "3"), ("b", "x"), ("c", "q")],
            [("a", "3"), ("b", "x"), ("c", "q")],
        ),
        (
            lambda m: m.update(MultiDict([("b", "x"), ("b", "y")])),
            None,
            [("a", "1"), ("a", "3"), ("b", "x"), ("b", "y")],
            [("a", "3"), ("b", "y")],
        ),
        (lambda m: m.update(), None, PAIRS, [("a", "3"), ("b", "2")]),
    ],
)
def test_multidict_mutations(
    op: Callable[[MultiDict], Any], result: Any, pairs: list[Any], items: list[Any]
) -> None:
    assert _run(op) == (result, pairs, items)


def test_multidict_errors() -> None:
    m = MultiDict(PAIRS)
    with pytest.raises(KeyError):
        del m["zz"]
    assert m.multi_items() == PAIRS
    empty = MultiDict()
    with pytest.raises(KeyError):
        empty.popitem()
    assert repr(MultiDict(x=["1", "2"])) == "MultiDict([('x', ['1', '2'])])"


# --- QueryParams -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "pairs", "text"),
    [
        ("a=1&b=2&a=3", [("a", "1"), ("b", "2"), ("a", "3")], "a=1&b=2&a=3"),
        (b"a=1&b", [("a", "1"), ("b", "")], "a=1&b="),
        ("a=&b", [("a", ""), ("b", "")], "a=&b="),
        ("a+b=c%20d&e=%zz", [("a b", "c d"), ("e", "%zz")], "a+b=c+d&e=%25zz"),
        ("a=1;b=2", [("a", "1;b=2")], "a=1%3Bb%3D2"),
        ("&&a=1&&", [("a", "1")], "a=1"),
        ("=x", [("", "x")], "=x"),
        ("a==b", [("a", "=b")], "a=%3Db"),
        ("", [], ""),
        ("?a=1", [("?a", "1")], "%3Fa=1"),
        ("a=%C3%BC", [("a", "ü")], "a=%C3%BC"),
        ("a=%FF", [("a", "\ufffd")], "a=%EF%BF%BD"),
        (b"a=%FF", [("a", "\ufffd")], "a=%EF%BF%BD"),
        (b"a=\xc3\xbc", [("a", "Ã¼")], "a=%C3%83%C2%BC"),
        ("a=1&a=2#f", [("a", "1"), ("a", "2#f")], "a=1&a=2%23f"),
        ("a[]=1&a[]=2", [("a[]", "1"), ("a[]", "2")], "a%5B%5D=1&a%5B%5D=2"),
        ("a b=c d", [("a b", "c d")], "a+b=c+d"),
        ("a=%2B&b=+", [("a", "+"), ("b", " ")], "a=%2B&b=+"),
        ([("a", "1"), ("a", "2")], [("a", "1"), ("a", "2")], "a=1&a=2"),
        ({"a": "1"}, [("a", "1")], "a=1"),
        (MultiDict([("x", "1"), ("x", "2")]), [("x", "1"), ("x", "2")], "x=1&x=2"),
        (ImmutableMultiDict({"y": "1"}), [("y", "1")], "y=1"),
        ([("a", 1), ("b", None)], [("a", "1"), ("b", "None")], "a=1&b=None"),
        ({"a": 1}, [("a", "1")], "a=1"),
    ],
)
def test_query_params_parse_and_encode(source: Any, pairs: list[Any], text: str) -> None:
    params = QueryParams(source)
    assert params.multi_items() == pairs
    assert str(params) == text
    assert repr(params) == f"QueryParams({text!r})"


def test_query_params_kwargs_and_misc() -> None:
    assert QueryParams(a="1", b="2").multi_items() == [("a", "1"), ("b", "2")]
    assert QueryParams("a=1", b="2").multi_items() == [("a", "1"), ("b", "2")]
    assert QueryParams(b"a=1", b=2).multi_items() == [("a", "1"), ("b", "2")]
    assert QueryParams([("a", 1)], b=2).multi_items() == [("a", "1"), ("b", "2")]
    assert str(QueryParams([("a", "x y/z&?=#")])) == "a=x+y%2Fz%26%3F%3D%23"
    assert str(QueryParams([("ü", "é~*'()!")])) == "%C3%BC=%C3%A9~%2A%27%28%29%21"
    assert QueryParams("a=1") == QueryParams("a=1")
    assert QueryParams("a=1") != "a=1"
    assert QueryParams() == QueryParams("")
    params = QueryParams("a=1&a=2")
    assert params["a"] == "2"
    assert params.getlist("a") == ["1", "2"]
    assert not hasattr(params, "__setitem__")
    with pytest.raises(TypeError):
        QueryParams("a", "b")


# --- properties ------------------------------------------------------------------------

_text = st.text(max_size=12)


@settings(max_examples=300)
@given(pairs=st.lists(st.tuples(_text, _text), max_size=8))
def test_query_encode_parse_round_trip(pairs: list[tuple[str, str]]) -> None:
    encoded = str(QueryParams(pairs))
    assert QueryParams(encoded).multi_items() == pairs
    assert QueryParams(encoded.encode("ascii")).multi_items() == pairs
    assert str(QueryParams(encoded)) == encoded


def _reference_parse(query: str) -> list[tuple[str, str]]:
    """A plain reading of application/x-www-form-urlencoded for well-formed input."""
    out = []
    for chunk in query.split("&"):
        if not chunk:
            continue
        key, _, value = chunk.partition("=")
        out.append((_unescape(key), _unescape(value)))
    return out


def _unescape(text: str) -> str:
    raw = bytearray()
    index = 0
    while index < len(text):
        char = text[index]
        if char == "%":
            raw.append(int(text[index + 1 : index + 3], 16))
            index += 3
            continue
        raw.extend(b" " if char == "+" else char.encode())
        index += 1
    return raw.decode()


_encoded_piece = st.text(max_size=6).map(lambda s: quote(s, safe="~"))


@settings(max_examples=300)
@given(
    chunks=st.lists(
        st.tuples(_encoded_piece, st.sampled_from(["=", ""]), _encoded_piece), max_size=6
    ),
    separators=st.lists(st.sampled_from(["&", "&&"]), min_size=6, max_size=6),
)
def test_query_parse_agrees_with_reference(
    chunks: list[tuple[str, str, str]], separators: list[str]
) -> None:
    parts = [key + eq + (value if eq else "") for key, eq, value in chunks]
    query = "".join(part + sep for part, sep in zip(parts, separators))
    assert QueryParams(query).multi_items() == _reference_parse(query)


@settings(max_examples=300)
@given(st.binary(max_size=60))
def test_query_parse_never_raises(raw: bytes) -> None:
    params = QueryParams(raw)
    for key, value in params.multi_items():
        assert isinstance(key, str)
        assert isinstance(value, str)
    QueryParams(str(params))


@settings(max_examples=200)
@given(pairs=st.lists(st.tuples(st.sampled_from("abcd"), _text), max_size=10))
def test_multidict_keeps_every_value_in_order(pairs: list[tuple[str, str]]) -> None:
    d = MultiDict(pairs)
    for key in "abcd":
        values = [v for k, v in pairs if k == key]
        assert d.getlist(key) == values
        assert d.get(key) == (values[-1] if values else None)
    assert len(d) == len({k for k, _ in pairs})
    d.setlist("a", ["x"])
    assert d.getlist("a") == ["x"]
    assert [pair for pair in d.multi_items() if pair[0] != "a"] == [
        pair for pair in pairs if pair[0] != "a"
    ]


@given(st.text(alphabet="ab=&;x %+1é", max_size=40))
def test_query_parsing_fast_path_agrees_with_parse_qsl(query: str) -> None:
    from urllib.parse import parse_qsl

    from asgi_core._multidict import _parse_query

    assert _parse_query(query) == parse_qsl(query, keep_blank_values=True)

"""Path compiling: regexes, formats, convertors, configuration errors, route paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asgi_core.convertors import IntegerConvertor, PathConvertor, StringConvertor
from framework.routing import compile_path, get_route_path, replace_params


def test_compile_plain_path():
    regex, fmt, convertors = compile_path("/users/me")
    assert regex.pattern == "^/users/me$"
    assert fmt == "/users/me"
    assert convertors == {}


def test_compile_params_and_literal_escaping():
    regex, fmt, convertors = compile_path("/a/{b:int}/c.{ext}")
    assert regex.pattern == r"^/a/(?P<b>[0-9]+)/c\.(?P<ext>[^/]+)$"
    assert fmt == "/a/{b}/c.{ext}"
    assert [(k, type(v)) for k, v in convertors.items()] == [
        ("b", IntegerConvertor),
        ("ext", StringConvertor),
    ]
    assert regex.match("/a/12/c.json").groupdict() == {"b": "12", "ext": "json"}
    assert regex.match("/a/12/cxjson") is None


def test_compile_path_convertor():
    regex, fmt, convertors = compile_path("/static/{rest:path}")
    assert regex.pattern == "^/static/(?P<rest>.*)$"
    assert isinstance(convertors["rest"], PathConvertor)
    assert regex.match("/static/a/b/c").group("rest") == "a/b/c"


def test_compile_host_pattern_ignores_the_port():
    regex, fmt, convertors = compile_path("{sub}.example.org:8000")
    assert regex.pattern == r"^(?P<sub>[^/]+)\.example\.org$"
    assert fmt == "{sub}.example.org:8000"
    assert list(convertors) == ["sub"]


def test_braces_that_are_not_params_stay_literal():
    regex, fmt, convertors = compile_path("/a/{1}")
    assert regex.match("/a/{1}") is not None
    assert convertors == {}


def test_unknown_convertor_raises_naming_the_path():
    with pytest.raises(ValueError, match=r"^Unknown path convertor 'foo' at path /x/\{a:foo\}$"):
        compile_path("/x/{a:foo}")


def test_duplicated_params_raise_naming_them_and_the_path():
    with pytest.raises(ValueError, match=r"^Duplicated param name a at path /\{a\}/\{a\}$"):
        compile_path("/{a}/{a}")
    with pytest.raises(
        ValueError, match=r"^Duplicated param names a, b at path /\{b\}/\{a\}/\{a\}/\{b\}$"
    ):
        compile_path("/{b}/{a}/{a}/{b}")


def test_replace_params_returns_leftovers():
    _, fmt, convertors = compile_path("/u/{id:int}/{name}")
    assert replace_params(fmt, convertors, {"id": 3, "name": "bo", "x": 1}) == (
        "/u/3/bo",
        {"x": 1},
    )


@pytest.mark.parametrize(
    ("path", "root_path", "expected"),
    [
        ("/a/b", "", "/a/b"),
        ("/a/b", "/a", "/b"),
        ("/a", "/a", ""),
        ("/ab", "/a", "/ab"),
        ("/x", "/a", "/x"),
        ("/a/", "/a/", ""),
        ("/a/b", "/a/", "/a/b"),
    ],
)
def test_get_route_path(path, root_path, expected):
    assert get_route_path({"path": path, "root_path": root_path}) == expected


segment = st.text(alphabet="abc%.-_~", min_size=1, max_size=5)


@given(st.lists(segment, max_size=3), st.lists(segment, max_size=3))
def test_get_route_path_strips_exactly_a_segment_prefix(root_segments, rest_segments):
    root = "".join("/" + s for s in root_segments)
    rest = "".join("/" + s for s in rest_segments)
    assert get_route_path({"path": root + rest, "root_path": root}) == rest


@given(st.lists(st.sampled_from(["a", "{x}", "{y:int}", "v{z}.txt", "{p:path}"]), max_size=4))
def test_compiled_regex_matches_its_own_format_filled_in(parts):
    # Each param name used once; {p:path} only last.
    seen: list[str] = []
    for part in parts:
        if part in seen and part != "a":
            return
        seen.append(part)
    if "{p:path}" in parts[:-1]:
        return
    template = "/" + "/".join(parts)
    regex, fmt, convertors = compile_path(template)
    values = {"x": "xv", "y": 12, "z": "zz", "p": "q/r"}
    wanted = {k: v for k, v in values.items() if k in convertors}
    path, left = replace_params(fmt, convertors, wanted)
    assert left == {}
    found = regex.match(path)
    assert found is not None
    got = {k: convertors[k].convert(v) for k, v in found.groupdict().items() if k in convertors}
    assert got == wanted

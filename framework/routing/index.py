"""The dispatch index: which routes could match a path, without trying every regex.

A router asks ``RouteIndex.candidates(route_path)`` and tries only the routes it returns,
in registration order, so Starlette's "first FULL match wins, else the first PARTIAL"
rule is unchanged while the cost no longer grows with the number of routes:

- routes without parameters sit in a dict keyed by their exact path;
- routes with parameters sit in a segment trie: each node has a dict of literal segments
  and one branch for "any single segment" (a segment holding ``{name}``, ``{id:int}``,
  ``v{n}.json`` ...). A segment with a parameter that may span slashes (``{p:path}``, a
  custom convertor, a ``Mount``'s rest of the path) ends the route's walk: it becomes a
  candidate for every longer path below that node;
- routes the index cannot express (``Host``, custom ``BaseRoute`` subclasses, a route
  whose regex was changed after compiling) are candidates for every path.

The index only prunes routes that cannot match; each candidate's own ``matches`` still
decides, so params, convertors and methods behave exactly as in a linear scan. A route
subclass that overrides ``matches`` must keep returning ``Match.NONE`` when its path
regex does not match (``APIRoute`` does), or set ``indexable = False`` on its class.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from asgi_core.convertors import FloatConvertor, IntegerConvertor, StringConvertor, UUIDConvertor
from framework.routing.compiling import PARAM_REGEX, compile_path

__all__ = ["RouteIndex"]

_NONE: list[int] = []  # shared empty result; callers only iterate it

# Convertor regexes known never to match "/": a parameter using one stays in its segment.
_SEGMENT_REGEXES = frozenset(
    c.regex for c in (StringConvertor, IntegerConvertor, FloatConvertor, UUIDConvertor)
)


class _Node:
    __slots__ = ("ends", "literals", "param", "tails")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.ends: list[int] = []  # routes whose path ends at this node
        self.tails: list[int] = []  # routes matching any non-empty rest below this node


@functools.lru_cache(maxsize=4096)
def _template_shape(template: str) -> tuple[str, tuple[str | None, ...], bool] | None:
    """``(regex pattern, segments, spans)`` of a path template, or None if it won't compile.

    Each segment is its literal text, or None for "any one segment". ``spans`` says the
    last segment starts a parameter that may run over slashes.
    """
    try:
        regex, _, convertors = compile_path(template)
    except ValueError:
        return None
    segments: list[str | None] = []
    for text in template.split("/"):
        params = PARAM_REGEX.findall(text)
        if not params:
            segments.append(text)
            continue
        segments.append(None)
        if any(convertors[name].regex not in _SEGMENT_REGEXES for name, _ in params):
            return regex.pattern, tuple(segments), True
    return regex.pattern, tuple(segments), False


def _route_template(route: Any) -> tuple[str, ...] | None:
    """The path templates the route's regex may have been compiled from."""
    from framework.routing.mounts import Mount
    from framework.routing.routes import Route, WebSocketRoute

    if not getattr(type(route), "indexable", True):
        return None
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return None
    if isinstance(route, Mount):
        return (path + "/{path:path}",)
    if isinstance(route, (Route, WebSocketRoute)):
        return (path,)
    return None


def _shape_of(route: Any) -> tuple[tuple[str | None, ...], bool] | None:
    templates = _route_template(route)
    regex = getattr(route, "path_regex", None)
    if templates is None or regex is None:
        return None
    for template in templates:
        shape = _template_shape(template)
        if shape is not None and shape[0] == regex.pattern:
            return shape[1], shape[2]
    return None


class RouteIndex:
    """An index over a snapshot of a route list; rebuild it when the list changes."""

    __slots__ = ("_complete", "_fallback", "_root", "_static", "_trie_used")

    def __init__(self, routes: Sequence[Any]) -> None:
        self._static: dict[str, list[int]] = {}
        self._root = _Node()
        self._trie_used = False
        self._fallback: list[int] = []
        for position, route in enumerate(routes):
            self._add(position, route)
        # Every static path's whole answer, trie and fallback included, worked out once:
        # a request for a path some route spells out is then one dict lookup.
        self._complete: dict[str, list[int]] = {
            path: self._search(path) for path in self._static if path[-1:] != "\n"
        }

    def _add(self, position: int, route: Any) -> None:
        shape = _shape_of(route)
        if shape is None:
            self._fallback.append(position)
            return
        segments, spans = shape
        if not spans and None not in segments:
            self._static.setdefault("/".join(segments), []).append(position)  # type: ignore[arg-type]
            return
        self._trie_used = True
        node = self._root
        last = len(segments) - 1
        for depth, segment in enumerate(segments):
            if spans and depth == last:
                node.tails.append(position)
                return
            if segment is None:
                if node.param is None:
                    node.param = _Node()
                node = node.param
            else:
                node = node.literals.setdefault(segment, _Node())
        node.ends.append(position)

    def candidates(self, route_path: str) -> list[int]:
        """Positions of the routes that may match ``route_path``, in registration order."""
        complete = self._complete.get(route_path)
        if complete is not None:
            return complete
        if not self._trie_used and not self._fallback and route_path[-1:] != "\n":
            return _NONE  # no route spells this path out and none has parameters
        return self._search(route_path)

    def _search(self, route_path: str) -> list[int]:
        found = self._lookup(route_path)
        if route_path[-1:] == "\n":
            # A regex "$" also matches before a final newline: try the path without it.
            found += self._lookup(route_path[:-1])
            found = list(set(found))
        if self._fallback:
            found += self._fallback
        if len(found) > 1:
            found.sort()
        return found

    def _lookup(self, route_path: str) -> list[int]:
        found = list(self._static.get(route_path, ()))
        if self._trie_used:
            _walk(self._root, route_path.split("/"), 0, found)
        return found


def _walk(node: _Node, segments: list[str], depth: int, found: list[int]) -> None:
    """Collect the routes under ``node`` fitting ``segments[depth:]`` (unordered).

    Descends in a loop while only one branch fits; recurses only where both a literal
    child and the parameter branch fit the same segment.
    """
    end = len(segments)
    while depth < end:
        if node.tails:
            found.extend(node.tails)
        child = node.literals.get(segments[depth])
        param = node.param
        depth += 1
        if child is None:
            if param is None:
                return
            node = param
        else:
            if param is not None:
                _walk(param, segments, depth, found)
            node = child
    if node.ends:
        found.extend(node.ends)

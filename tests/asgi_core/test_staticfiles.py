"""StaticFiles driven as a raw ASGI app over a tmp tree with secrets beside the directory.

An audit hook records every file the process opens while a test is "watching", so the
traversal rows assert not only a 404 but that nothing outside the directory was opened.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import sys
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asgi_core.datastructures import Headers
from asgi_core.exceptions import HTTPException
from asgi_core.staticfiles import NotModifiedResponse, StaticFiles
from framework import App
from testing import TestClient
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

SECRET = b"TOP-SECRET"

# --- watching what gets opened ----------------------------------------------------------

_OPENED: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WATCHING and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)
# The first guess_type reads the system's mime.types: do it now, not while watching.
mimetypes.init()


class OpenWatch:
    def __enter__(self) -> list[str]:
        _OPENED.clear()
        _WATCHING.append(True)
        return _OPENED

    def __exit__(self, *exc: object) -> None:
        _WATCHING.clear()


def outside(paths: list[str], root: Path) -> list[str]:
    real_root = os.path.realpath(root)
    return [
        p for p in paths
        if os.path.commonpath([os.path.realpath(p), real_root]) != real_root
    ]


# --- the tree ---------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    (static / "sub").mkdir(parents=True)
    (static / "empty_dir").mkdir()
    (static / "nested" / "deeper").mkdir(parents=True)
    (static / "a.txt").write_bytes(b"hello")
    (static / "page.html").write_bytes(b"<p>page</p>")
    (static / "sub" / "index.html").write_bytes(b"<p>sub index</p>")
    (static / "nested" / "deeper" / "x.css").write_bytes(b"p{}")
    (static / "404.html").write_bytes(b"<p>custom 404</p>")
    (tmp_path / "static-secret").mkdir()
    (tmp_path / "static-secret" / "s.txt").write_bytes(SECRET)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (static / "link_out").symlink_to(tmp_path / "secret.txt")
    (static / "link_in").symlink_to(static / "a.txt")
    (static / "dirlink_out").symlink_to(tmp_path / "static-secret", target_is_directory=True)
    (static / "dirlink_in").symlink_to(static / "sub", target_is_directory=True)
    return tmp_path


def file_headers(path: Path, content_type: bytes) -> list[tuple[bytes, bytes]]:
    st_ = path.stat()
    etag = hashlib.md5(f"{st_.st_mtime}-{st_.st_size}".encode()).hexdigest()
    return [
        (b"content-type", content_type),
        (b"accept-ranges", b"bytes"),
        (b"content-length", str(st_.st_size).encode()),
        (b"last-modified", formatdate(st_.st_mtime, usegmt=True).encode()),
        (b"etag", f'"{etag}"'.encode()),
    ]


TEXT = b"text/plain; charset=utf-8"
HTML = b"text/html; charset=utf-8"


async def call(
    app: StaticFiles,
    path: str,
    method: str = "GET",
    headers: list[tuple[bytes, bytes]] | None = None,
    **scope: Any,
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    messages = await run_http(app, http_scope(method, path, headers=headers or [], **scope))
    return response_parts(messages)


async def raises(app: StaticFiles, path: str, method: str = "GET", **scope: Any) -> HTTPException:
    with pytest.raises(HTTPException) as info:
        await call(app, path, method, **scope)
    return info.value


# --- serving ----------------------------------------------------------------------------


async def test_get_a_file(tree: Path):
    app = StaticFiles(directory=tree / "static")
    assert await call(app, "/a.txt") == (200, file_headers(tree / "static/a.txt", TEXT), b"hello")


async def test_head_a_file(tree: Path):
    app = StaticFiles(directory=tree / "static")
    assert await call(app, "/a.txt", "HEAD") == (
        200, file_headers(tree / "static/a.txt", TEXT), b""
    )


async def test_nested_file_and_symlink_inside(tree: Path):
    app = StaticFiles(directory=str(tree / "static"))
    status, headers, body = await call(app, "/nested/deeper/x.css")
    assert (status, headers, body) == (
        200, file_headers(tree / "static/nested/deeper/x.css", b"text/css; charset=utf-8"), b"p{}"
    )
    assert await call(app, "/link_in") == (200, file_headers(tree / "static/a.txt", TEXT), b"hello")
    assert (await call(app, "/dirlink_in/index.html"))[2] == b"<p>sub index</p>"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("html", [False, True])
async def test_other_methods_are_405(tree: Path, method: str, html: bool):
    app = StaticFiles(directory=tree / "static", html=html)
    exc = await raises(app, "/a.txt", method)
    assert (exc.status_code, exc.detail, exc.headers) == (
        405, "Method Not Allowed", {"Allow": "GET, HEAD"}
    )


@pytest.mark.parametrize("path", ["/missing.txt", "/sub", "/sub/", "/", "/empty_dir/", "/a.txt/x"])
async def test_misses_are_404(tree: Path, path: str):
    exc = await raises(StaticFiles(directory=tree / "static"), path)
    assert (exc.status_code, exc.detail, exc.headers) == (404, "Not Found", None)


async def test_websocket_scope_is_closed(tree: Path):
    app = StaticFiles(directory=tree / "static")
    sent: list[dict[str, Any]] = []

    async def send(message):
        sent.append(message)

    async def receive():
        raise AssertionError("not read")

    await app({"type": "websocket", "path": "/a.txt"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1000, "reason": ""}]


async def test_lifespan_scope_is_refused(tree: Path):
    app = StaticFiles(directory=tree / "static")
    with pytest.raises(AssertionError, match="expected an 'http' scope, got 'lifespan'"):
        await app({"type": "lifespan"}, None, None)


# --- html mode --------------------------------------------------------------------------


async def test_html_directory_without_slash_redirects(tree: Path):
    app = StaticFiles(directory=tree / "static", html=True)
    assert await call(app, "/sub") == (
        307, [(b"content-length", b"0"), (b"location", b"http://testserver/sub/")], b""
    )
    assert await call(app, "/sub", query_string=b"a=1") == (
        307, [(b"content-length", b"0"), (b"location", b"http://testserver/sub/?a=1")], b""
    )
    assert await call(app, "/static/sub", root_path="/static") == (
        307, [(b"content-length", b"0"), (b"location", b"http://testserver/static/sub/")], b""
    )


async def test_html_directory_with_slash_serves_index(tree: Path):
    app = StaticFiles(directory=tree / "static", html=True)
    assert await call(app, "/sub/") == (
        200, file_headers(tree / "static/sub/index.html", HTML), b"<p>sub index</p>"
    )


async def test_html_root_index(tree: Path):
    (tree / "static" / "index.html").write_bytes(b"<p>home</p>")
    app = StaticFiles(directory=tree / "static", html=True)
    assert await call(app, "/") == (
        200, file_headers(tree / "static/index.html", HTML), b"<p>home</p>"
    )


@pytest.mark.parametrize("path", ["/missing", "/empty_dir", "/empty_dir/", "/", "/../secret.txt"])
async def test_html_misses_serve_404_html(tree: Path, path: str):
    app = StaticFiles(directory=tree / "static", html=True)
    assert await call(app, path) == (
        404, file_headers(tree / "static/404.html", HTML), b"<p>custom 404</p>"
    )


async def test_html_without_404_html_raises(tree: Path):
    (tree / "static" / "404.html").unlink()
    exc = await raises(StaticFiles(directory=tree / "static", html=True), "/missing")
    assert (exc.status_code, exc.detail) == (404, "Not Found")


async def test_html_files_still_served_directly(tree: Path):
    app = StaticFiles(directory=tree / "static", html=True)
    assert await call(app, "/page.html") == (
        200, file_headers(tree / "static/page.html", HTML), b"<p>page</p>"
    )


# --- conditional requests ---------------------------------------------------------------


def _validators(tree: Path) -> tuple[bytes, bytes]:
    headers = dict(file_headers(tree / "static/a.txt", TEXT))
    return headers[b"etag"], headers[b"last-modified"]


@pytest.mark.parametrize(
    "make_headers",
    [
        lambda etag, lm: [(b"if-none-match", etag)],
        lambda etag, lm: [(b"if-none-match", b"W/" + etag)],
        lambda etag, lm: [(b"if-none-match", b'"other", ' + etag)],
        lambda etag, lm: [(b"if-none-match", b"*")],
        lambda etag, lm: [(b"if-modified-since", lm)],
        lambda etag, lm: [(b"if-modified-since", b"Fri, 01 Jan 2100 00:00:00 GMT")],
    ],
    ids=["etag", "weak", "list", "star", "ims-equal", "ims-later"],
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_not_modified(tree: Path, make_headers, method):
    etag, last_modified = _validators(tree)
    app = StaticFiles(directory=tree / "static")
    assert await call(app, "/a.txt", method, make_headers(etag, last_modified)) == (
        304, [(b"etag", etag)], b""
    )


@pytest.mark.parametrize(
    "make_headers",
    [
        lambda etag, lm: [(b"if-none-match", b'"other"')],
        lambda etag, lm: [(b"if-modified-since", b"Sat, 01 Jan 2000 00:00:00 GMT")],
        lambda etag, lm: [(b"if-modified-since", b"garbage")],
        lambda etag, lm: [(b"if-none-match", b'"other"'), (b"if-modified-since", lm)],
    ],
    ids=["etag-mismatch", "ims-earlier", "ims-garbage", "inm-wins-over-ims"],
)
async def test_modified(tree: Path, make_headers):
    etag, last_modified = _validators(tree)
    app = StaticFiles(directory=tree / "static")
    assert await call(app, "/a.txt", "GET", make_headers(etag, last_modified)) == (
        200, file_headers(tree / "static/a.txt", TEXT), b"hello"
    )


def test_not_modified_response_keeps_only_304_headers():
    response = NotModifiedResponse(
        Headers({"etag": '"x"', "cache-control": "max-age=1", "vary": "Accept",
                 "content-length": "5", "content-type": "text/plain", "last-modified": "x"})
    )
    assert response.status_code == 304
    assert response.raw_headers == [
        (b"etag", b'"x"'), (b"cache-control", b"max-age=1"), (b"vary", b"Accept")
    ]
    assert response.body == b""


# --- traversal (HARDENING: CVE-2023-29159, CVE-2026-48818) ------------------------------

TRAVERSAL = [
    "/../secret.txt",
    "/..",
    "/../",
    "/sub/../../secret.txt",
    "/sub/../../static-secret/s.txt",
    "/../static-secret/s.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "/sub\\..\\..\\secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/C:/Windows/win.ini",
    "/C:\\secret.txt",
    "/c:..\\secret.txt",
    "/\\\\server\\share\\secret.txt",
    "//server/share/secret.txt",
    "/a.txt\x00",
    "/a.txt\x00.png",
    "/\x00/../secret.txt",
    "/link_out",
    "/dirlink_out/s.txt",
    "/dirlink_out/",
    "/" + "a" * 300,
]


@pytest.mark.parametrize("path", TRAVERSAL)
async def test_traversal_is_404_and_opens_nothing_outside(tree: Path, path: str):
    app = StaticFiles(directory=tree / "static")
    with OpenWatch() as opened:
        exc = await raises(app, path)
    assert (exc.status_code, exc.detail) == (404, "Not Found")
    assert outside(opened, tree / "static") == []
    assert opened == []


async def test_absolute_path_of_the_secret_is_404(tree: Path):
    app = StaticFiles(directory=tree / "static")
    with OpenWatch() as opened:
        exc = await raises(app, "/" + str(tree / "secret.txt"))
    assert exc.status_code == 404
    assert opened == []


async def test_the_open_watch_sees_served_files(tree: Path):
    app = StaticFiles(directory=tree / "static")
    with OpenWatch() as opened:
        assert (await call(app, "/link_in"))[::2] == (200, b"hello")
    assert opened == [os.path.realpath(tree / "static" / "a.txt")]


async def test_traversal_below_a_mount_root_path(tree: Path):
    app = StaticFiles(directory=tree / "static")
    with OpenWatch() as opened:
        exc = await raises(app, "/static/../static-secret/s.txt", root_path="/static")
    assert exc.status_code == 404
    assert outside(opened, tree / "static") == []


async def test_sibling_with_shared_prefix_is_not_inside(tree: Path):
    # "static-secret" starts with "static": a string-prefix check would let it through.
    app = StaticFiles(directory=tree / "static")
    assert app.lookup_path("dirlink_out/s.txt") == ("", None)
    assert app.lookup_path("../static-secret/s.txt") == ("", None)


async def test_follow_symlink_serves_links_but_never_dot_dot(tree: Path):
    app = StaticFiles(directory=tree / "static", follow_symlink=True)
    assert (await call(app, "/link_out"))[::2] == (200, SECRET)
    assert (await call(app, "/dirlink_out/s.txt"))[::2] == (200, SECRET)
    with OpenWatch() as opened:
        for path in ("/../secret.txt", "/sub/../../secret.txt", "/..\\secret.txt"):
            assert (await raises(app, path)).status_code == 404
    assert opened == []


async def test_permission_error_is_401(tree: Path):
    class Locked(StaticFiles):
        def lookup_path(self, path):
            raise PermissionError(13, "Permission denied")

    exc = await raises(Locked(directory=tree / "static"), "/a.txt")
    assert (exc.status_code, exc.detail) == (401, "Unauthorized")


_PIECES = st.sampled_from(
    ["..", ".", "/", "//", "\\", "%2e", "%2f", "%5c", "secret.txt", "static-secret", "s.txt",
     "a.txt", "sub", "link_out", "dirlink_out", "C:", "\x00", "~", "static", "index.html"]
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=10),
    html=st.booleans(),
)
async def test_random_paths_never_reach_outside(tree: Path, pieces: list[str], html: bool):
    app = StaticFiles(directory=tree / "static", html=html)
    path = "/" + "".join(pieces)
    full_path, _ = app.lookup_path(app.get_path(http_scope(path=path)))
    real_root = os.path.realpath(tree / "static")
    assert full_path == "" or os.path.commonpath([full_path, real_root]) == real_root
    with OpenWatch() as opened:
        try:
            status, _, body = await call(app, path)
        except HTTPException as exc:
            assert exc.status_code == 404
        else:
            assert status in (200, 307, 404)
            assert SECRET not in body
    assert outside(opened, tree / "static") == []


# --- get_path / lookup_path -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "root_path", "expected"),
    [
        ("/", "", "."),
        ("/a.txt", "", "a.txt"),
        ("/a//b/", "", os.path.join("a", "b")),
        ("/x/../a.txt", "", "a.txt"),
        ("/static/a/b", "/static", os.path.join("a", "b")),
        ("/static", "/static", "."),
        ("/staticx/a", "/static", os.path.join("staticx", "a")),
        ("/other/a", "/static", os.path.join("other", "a")),
        ("/../../x", "", os.path.join("..", "..", "x")),
    ],
)
def test_get_path_uses_the_route_path(tree: Path, path, root_path, expected):
    app = StaticFiles(directory=tree / "static")
    assert app.get_path(http_scope(path=path, root_path=root_path)) == expected


def test_lookup_path(tree: Path):
    app = StaticFiles(directory=tree / "static")
    real = os.path.realpath(tree / "static")
    full, stat_result = app.lookup_path("a.txt")
    assert full == os.path.join(real, "a.txt")
    assert stat_result is not None and stat_result.st_size == 5
    assert app.lookup_path("sub")[0] == os.path.join(real, "sub")
    assert app.lookup_path("link_in")[0] == os.path.join(real, "a.txt")
    assert app.lookup_path("nope") == ("", None)
    assert app.lookup_path("a.txt/nope") == ("", None)


# --- packages ---------------------------------------------------------------------------


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "pkgs"
    for name in ("kstat_pkg", "kstat_bare"):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
    (root / "kstat_pkg" / "statics").mkdir()
    (root / "kstat_pkg" / "statics" / "p.txt").write_bytes(b"from statics")
    (root / "kstat_pkg" / "statics" / "both.txt").write_bytes(b"package copy")
    (root / "kstat_pkg" / "assets").mkdir()
    (root / "kstat_pkg" / "assets" / "o.txt").write_bytes(b"from assets")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "both.txt").write_bytes(b"directory copy")
    monkeypatch.syspath_prepend(str(root))
    return tmp_path


async def test_packages_statics_and_named_directories(packages: Path):
    app = StaticFiles(
        directory=packages / "dir", packages=["kstat_pkg", ("kstat_pkg", "assets")]
    )
    assert app.all_directories == [
        packages / "dir",
        str(packages / "pkgs" / "kstat_pkg" / "statics"),
        str(packages / "pkgs" / "kstat_pkg" / "assets"),
    ]
    assert (await call(app, "/p.txt"))[::2] == (200, b"from statics")
    assert (await call(app, "/o.txt"))[::2] == (200, b"from assets")
    assert (await call(app, "/both.txt"))[::2] == (200, b"directory copy")
    assert (await raises(app, "/../assets/o.txt")).status_code == 404


@pytest.mark.parametrize(
    ("packages_arg", "message"),
    [
        (["kstat_missing"], "Package 'kstat_missing' could not be found."),
        (["kstat_bare"], "Directory 'statics' in package 'kstat_bare' could not be found."),
        ([("kstat_pkg", "nope")], "Directory 'nope' in package 'kstat_pkg' could not be found."),
    ],
)
def test_package_errors(packages: Path, packages_arg, message):
    with pytest.raises(AssertionError) as info:
        StaticFiles(packages=packages_arg)
    assert str(info.value) == message


# --- check_dir / check_config -----------------------------------------------------------


def test_check_dir_raises_at_construction(tree: Path):
    missing = tree / "nope"
    with pytest.raises(RuntimeError) as info:
        StaticFiles(directory=missing)
    assert str(info.value) == f"Directory '{missing}' does not exist"
    with pytest.raises(RuntimeError, match="does not exist"):
        StaticFiles(directory=tree / "secret.txt")


def test_no_directory_at_all():
    app = StaticFiles()
    assert (app.all_directories, app.directory, app.config_checked) == ([], None, False)


async def test_check_dir_false_defers_to_the_first_request(tree: Path):
    missing = tree / "later"
    app = StaticFiles(directory=missing, check_dir=False)
    with pytest.raises(RuntimeError) as info:
        await call(app, "/a.txt")
    assert str(info.value) == f"StaticFiles directory '{missing}' does not exist."
    assert app.config_checked is False
    missing.mkdir()
    (missing / "a.txt").write_bytes(b"now")
    assert (await call(app, "/a.txt"))[::2] == (200, b"now")
    assert app.config_checked is True


async def test_check_config_on_a_file(tree: Path):
    app = StaticFiles(directory=tree / "secret.txt", check_dir=False)
    with pytest.raises(RuntimeError) as info:
        await call(app, "/a.txt")
    assert str(info.value) == f"StaticFiles path '{tree / 'secret.txt'}' is not a directory."


# --- in a real app, through the TestClient (both backends via the anyio_backend fixture) --


def test_mounted_in_an_app(tree: Path, anyio_backend: str):
    app = App()
    app.mount("/static", StaticFiles(directory=tree / "static", html=True), name="static")
    client = TestClient(app, backend=anyio_backend)
    response = client.get("/static/a.txt")
    assert (response.status_code, response.content) == (200, b"hello")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    etag = response.headers["etag"]
    again = client.get("/static/a.txt", headers={"if-none-match": etag})
    assert (again.status_code, again.content, dict(again.headers)) == (304, b"", {"etag": etag})
    followed = client.get("/static/sub")
    assert (followed.status_code, followed.content) == (200, b"<p>sub index</p>")
    assert [r.status_code for r in followed.history] == [307]
    assert str(followed.url) == "http://testserver/static/sub/"
    missing = client.get("/static/../secret.txt")
    assert (missing.status_code, missing.content) == (404, b"<p>custom 404</p>")
    assert app.url_path_for("static", path="/a.txt") == "/static/a.txt"


def test_mounted_errors_become_responses(tree: Path, anyio_backend: str):
    app = App()
    app.mount("/static", StaticFiles(directory=tree / "static"))
    client = TestClient(app, backend=anyio_backend)
    missing = client.get("/static/%2e%2e/secret.txt")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not Found"})
    posted = client.post("/static/a.txt")
    assert (posted.status_code, posted.json()) == (405, {"detail": "Method Not Allowed"})
    assert posted.headers["allow"] == "GET, HEAD"

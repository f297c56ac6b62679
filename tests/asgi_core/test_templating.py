"""Jinja2Templates: rendering, url_for through the request, both calling forms, the debug
extension, and jinja2 being optional."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest

from asgi_core.background import BackgroundTask
from asgi_core.datastructures import URLPath
from asgi_core.requests import Request
from asgi_core.templating import Jinja2Templates
from framework import App
from testing import TestClient
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

HTML = b"text/html; charset=utf-8"


class Router:
    """Just enough of a router for ``request.url_for``."""

    def url_path_for(self, name: str, /, **params: Any) -> URLPath:
        if name != "user":
            raise LookupError(name)
        return URLPath(f"/users/{params['user_id']}")


@pytest.fixture
def templates_dir(tmp_path: Path) -> Path:
    (tmp_path / "page.html").write_text(
        "<h1>{{ title }}</h1><a href=\"{{ url_for('user', user_id=7) }}\">{{ request.url.path }}"
        "</a>{{ extra|default('') }}"
    )
    (tmp_path / "plain.txt").write_text("raw {{ title }}")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "only_here.html").write_text("second dir")
    return tmp_path


def make_request(**extra: Any) -> Request:
    scope = http_scope("GET", "/page", router=Router(), **extra)
    return Request(scope)


async def test_renders_with_request_and_url_for(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    response = templates.TemplateResponse(request, "page.html", {"title": "<Hi>"})
    body = (
        b'<h1>&lt;Hi&gt;</h1><a href="http://testserver/users/7">/page</a>'
    )
    assert response.status_code == 200
    assert response.media_type == "text/html"
    assert response.body == body
    assert response.template.name == "page.html"
    assert response.context == {"title": "<Hi>", "request": request}
    messages = await run_http(response, request.scope)
    assert response_parts(messages) == (
        200, [(b"content-length", str(len(body)).encode()), (b"content-type", HTML)], body
    )


async def test_url_for_honours_root_path(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = Request(http_scope("GET", "/app/page", root_path="/app", router=Router()))
    response = templates.TemplateResponse(request, "page.html", {"title": "t"})
    assert b'href="http://testserver/app/users/7"' in response.body


async def test_status_headers_media_type_and_background(templates_dir: Path):
    ran: list[str] = []
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    response = templates.TemplateResponse(
        request,
        "plain.txt",
        {"title": "<b>"},
        status_code=201,
        headers={"x-a": "1"},
        media_type="text/plain",
        background=BackgroundTask(ran.append, "done"),
    )
    messages = await run_http(response, request.scope)
    assert response_parts(messages) == (
        201,
        [(b"x-a", b"1"), (b"content-length", b"7"), (b"content-type", b"text/plain; charset=utf-8")],
        b"raw <b>",
    )
    assert ran == ["done"]


def test_autoescape_follows_the_extension(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    assert templates.env.autoescape("x.html") is True
    assert templates.env.autoescape("x.txt") is False


def test_context_processors_and_context_in_place(templates_dir: Path):
    templates = Jinja2Templates(
        directory=templates_dir,
        context_processors=[lambda request: {"extra": request.url.path.upper()}],
    )
    request = make_request()
    context = {"title": "T"}
    response = templates.TemplateResponse(request, "page.html", context)
    assert response.body.endswith(b"</a>/PAGE")
    assert context == {"title": "T", "request": request, "extra": "/PAGE"}
    assert response.context is context


def test_no_context(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    response = templates.TemplateResponse(request, "plain.txt")
    assert (response.body, response.context) == (b"raw ", {"request": request})


def test_keyword_form(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    response = templates.TemplateResponse(
        request=request, name="plain.txt", context={"title": "kw"}
    )
    assert response.body == b"raw kw"


def test_old_positional_form_warns(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    with pytest.warns(DeprecationWarning, match="The `name` is not the first parameter anymore"):
        response = templates.TemplateResponse(
            "plain.txt", {"request": request, "title": "old"}, 202
        )
    assert (response.status_code, response.body) == (202, b"raw old")
    assert response.context["request"] is request


def test_old_keyword_form_warns(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    with pytest.warns(DeprecationWarning, match="now requires the `request` argument"):
        response = templates.TemplateResponse(
            name="plain.txt", context={"request": request, "title": "old"}
        )
    assert response.body == b"raw old"


def test_old_form_without_request_in_context(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError) as info:
        templates.TemplateResponse("plain.txt", {"title": "x"})
    assert str(info.value) == 'context must include a "request" key'


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing 2 required positional arguments: 'request' and 'name'"),
        (("REQ",), {}, "missing 1 required positional argument: 'name'"),
        (("REQ", "plain.txt"), {"name": "x"}, "got multiple values for argument 'name'"),
        (("REQ", "plain.txt"), {"colour": "x"}, "got an unexpected keyword argument 'colour'"),
    ],
)
def test_bad_calls_are_type_errors(templates_dir: Path, args, kwargs, message):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request()
    args = tuple(request if a == "REQ" else a for a in args)
    with pytest.raises(TypeError) as info:
        templates.TemplateResponse(*args, **kwargs)
    assert str(info.value) == "Jinja2Templates.TemplateResponse() " + message


def test_missing_template(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    with pytest.raises(jinja2.TemplateNotFound):
        templates.TemplateResponse(make_request(), "missing.html")


def test_get_template_and_several_directories(templates_dir: Path):
    templates = Jinja2Templates(directory=[templates_dir, templates_dir / "other"])
    assert templates.get_template("only_here.html").render() == "second dir"
    assert isinstance(templates.get_template("plain.txt"), jinja2.Template)
    assert templates.env.loader.searchpath == [str(templates_dir), str(templates_dir / "other")]


def test_env_given(templates_dir: Path):
    env = jinja2.Environment(loader=jinja2.DictLoader({"a": "{{ url_for('user', user_id=1) }}"}))
    templates = Jinja2Templates(env=env)
    assert templates.env is env
    assert templates.TemplateResponse(make_request(), "a").body == b"http://testserver/users/1"


def test_env_keeps_its_own_url_for():
    env = jinja2.Environment(loader=jinja2.DictLoader({"a": "{{ url_for('x') }}"}))
    env.globals["url_for"] = lambda name: f"custom:{name}"
    templates = Jinja2Templates(env=env)
    assert templates.TemplateResponse(make_request(), "a").body == b"custom:x"


@pytest.mark.parametrize("kwargs", [{}, {"directory": ".", "env": jinja2.Environment()}])
def test_directory_xor_env(kwargs):
    with pytest.raises(AssertionError) as info:
        Jinja2Templates(**kwargs)
    assert str(info.value) == "either 'directory' or 'env' arguments must be passed"


async def test_debug_extension_sends_template_and_context_first(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request(extensions={"http.response.debug": {}})
    response = templates.TemplateResponse(request, "plain.txt", {"title": "D"})
    messages = await run_http(response, request.scope)
    assert messages[0] == {
        "type": "http.response.debug",
        "info": {"template": response.template, "context": {"title": "D", "request": request}},
    }
    assert response_parts(messages[1:]) == (
        200, [(b"content-length", b"5"), (b"content-type", HTML)], b"raw D"
    )


async def test_no_debug_message_without_the_extension(templates_dir: Path):
    templates = Jinja2Templates(directory=templates_dir)
    request = make_request(extensions={"http.response.pathsend": {}})
    messages = await run_http(templates.TemplateResponse(request, "plain.txt"), request.scope)
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"]


def test_jinja2_is_optional():
    code = (
        "import sys; sys.modules['jinja2'] = None\n"
        "import asgi_core.templating as t\n"
        "try:\n"
        "    t.Jinja2Templates(directory='.')\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc.name, '|', exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout == (
        "jinja2 | jinja2 must be installed to use Jinja2Templates: "
        "pip install 'keel-asgi[templates]' (or jinja2)\n"
    )


# --- in a real app, through the TestClient (both backends via the anyio_backend fixture) --


def test_template_page_in_an_app(templates_dir: Path, anyio_backend: str):
    app = App()
    templates = Jinja2Templates(directory=templates_dir)

    @app.get("/users/{user_id}", name="user")
    async def user(user_id: int) -> dict[str, int]:
        return {"user_id": user_id}

    @app.get("/page")
    async def page(request: Request):
        return templates.TemplateResponse(request, "page.html", {"title": "Keel"})

    client = TestClient(app, backend=anyio_backend)
    response = client.get("/page")
    assert response.status_code == 200
    assert response.text == '<h1>Keel</h1><a href="http://testserver/users/7">/page</a>'
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.template.name == "page.html"
    assert response.context["title"] == "Keel"
    assert isinstance(response.context["request"], Request)

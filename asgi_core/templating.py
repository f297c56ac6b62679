"""``Jinja2Templates``: render Jinja2 templates into HTML responses (Starlette's API).

jinja2 is an optional dependency (the ``templates`` extra): it is imported when the first
``Jinja2Templates`` is made, and its absence is a clear ``ModuleNotFoundError`` there, not
at import time. Templates get ``url_for`` (through the ``request`` in their context) and
whatever the ``context_processors`` return for the request. A response sends the
``http.response.debug`` message (template and context) first when the server's scope
lists that extension, which is how test clients expose ``response.template``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from asgi_core.background import BackgroundTask
from asgi_core.responses import HTMLResponse
from asgi_core.types import Receive, Scope, Send

if TYPE_CHECKING:
    import jinja2

    from asgi_core.datastructures import URL
    from asgi_core.requests import Request

__all__ = ["Jinja2Templates"]

_DEBUG_EXTENSION = "http.response.debug"
_OLD_FORM = (
    "The `name` is not the first parameter anymore. The first parameter should be the "
    "`Request` instance.\n"
    'Replace `TemplateResponse(name, {"request": request})` by `TemplateResponse(request, name)`.'
)
_NO_REQUEST = "The `TemplateResponse` now requires the `request` argument."
_NEEDS_ONE = "either 'directory' or 'env' arguments must be passed"

ContextProcessor = Callable[["Request"], dict[str, Any]]


def _jinja2() -> Any:
    try:
        import jinja2
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "jinja2 must be installed to use Jinja2Templates: "
            "pip install 'keel-asgi[templates]' (or jinja2)",
            name="jinja2",
        ) from exc
    return jinja2


class _TemplateResponse(HTMLResponse):
    """An HTML response that remembers the ``template`` and ``context`` it was rendered from."""

    def __init__(
        self,
        template: Any,
        context: dict[str, Any],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        self.template = template
        self.context = context
        content = template.render(context)
        super().__init__(content, status_code, headers, media_type, background)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _DEBUG_EXTENSION in (scope.get("extensions") or {}):
            await send(
                {
                    "type": _DEBUG_EXTENSION,
                    "info": {"template": self.template, "context": self.context},
                }
            )
        await super().__call__(scope, receive, send)


# The two calling conventions, as plain functions so Python itself binds the arguments
# (and raises its usual TypeErrors for missing or repeated ones).
def _new_form(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    media_type: str | None = None,
    background: BackgroundTask | None = None,
) -> tuple[Any, ...]:
    return request, name, context, status_code, headers, media_type, background


def _old_form(
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    media_type: str | None = None,
    background: BackgroundTask | None = None,
) -> tuple[Any, ...]:
    if context is None or "request" not in context:
        raise ValueError('context must include a "request" key')
    return context["request"], name, context, status_code, headers, media_type, background


# Binding errors then read "Jinja2Templates.TemplateResponse() missing ...", as the method.
_new_form.__qualname__ = _old_form.__qualname__ = "Jinja2Templates.TemplateResponse"


def _bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    if args and isinstance(args[0], str):
        warnings.warn(_OLD_FORM, DeprecationWarning, stacklevel=3)
        return _old_form(*args, **kwargs)
    if not args and "name" in kwargs and "request" not in kwargs:
        warnings.warn(_NO_REQUEST, DeprecationWarning, stacklevel=3)
        return _old_form(**kwargs)
    return _new_form(*args, **kwargs)


class Jinja2Templates:
    """Templates from ``directory`` (one path or several) or a ready ``env``."""

    def __init__(
        self,
        directory: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
        *,
        context_processors: list[ContextProcessor] | None = None,
        env: jinja2.Environment | None = None,
    ) -> None:
        if (directory is None) == (env is None):
            raise AssertionError(_NEEDS_ONE)
        _jinja2()  # a missing jinja2 is reported here, whichever way the env comes
        self.context_processors = context_processors or []
        if env is None:
            env = self._create_env(directory)
        self.env: jinja2.Environment = env
        self._setup_env_defaults(env)

    def _create_env(self, directory: Any) -> jinja2.Environment:
        jinja = _jinja2()
        environment: jinja2.Environment = jinja.Environment(
            loader=jinja.FileSystemLoader(directory), autoescape=jinja.select_autoescape()
        )
        return environment

    def _setup_env_defaults(self, env: jinja2.Environment) -> None:
        def url_for(context: Mapping[str, Any], name: str, /, **path_params: Any) -> URL:
            request: Request = context["request"]
            return request.url_for(name, **path_params)

        # ``pass_context``: Jinja hands the template's context as the first argument.
        env.globals.setdefault("url_for", _jinja2().pass_context(url_for))

    def get_template(self, name: str) -> jinja2.Template:
        return self.env.get_template(name)

    @overload
    def TemplateResponse(
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> _TemplateResponse: ...

    @overload
    def TemplateResponse(
        self,
        name: str,
        context: dict[str, Any] | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> _TemplateResponse: ...

    def TemplateResponse(self, *args: Any, **kwargs: Any) -> _TemplateResponse:
        """Render ``name`` with ``context`` (plus ``request`` and the context processors).

        The old ``TemplateResponse(name, {"request": request})`` form still works, with a
        ``DeprecationWarning``. ``context`` is updated in place, as Starlette does.
        """
        request, name, context, status_code, headers, media_type, background = _bind(
            args, kwargs
        )
        context = {} if context is None else context
        context.setdefault("request", request)
        for processor in self.context_processors:
            context.update(processor(request))
        template = self.get_template(name)
        return _TemplateResponse(
            template,
            context,
            status_code=status_code,
            headers=headers,
            media_type=media_type,
            background=background,
        )

"""The seed's program as written: a Flask app mounted at ``/v1`` (needs ``pip install flask``)."""

from __future__ import annotations

from flask import Flask, request
from markupsafe import escape

from framework import App
from framework.middleware.wsgi import WSGIMiddleware

__all__ = ["app", "flask_app"]

flask_app = Flask(__name__)


@flask_app.route("/")
def flask_main():
    name = request.args.get("name", "World")
    return f"Hello, {escape(name)} from Flask!"


app = App()


@app.get("/v2")
def read_main():
    return {"message": "Hello World"}


app.mount("/v1", WSGIMiddleware(flask_app))

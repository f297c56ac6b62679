"""``fastapi.concurrency``: run blocking code off the event loop."""

from asgi_core.concurrency import iterate_in_threadpool, run_in_threadpool, run_until_first_complete

__all__ = ["iterate_in_threadpool", "run_in_threadpool", "run_until_first_complete"]

"""Seed section "Advanced Middleware": ASGI middlewares, HTTPS redirect, trusted hosts, GZip."""

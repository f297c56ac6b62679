"""Seed section "WebSockets": a chat page, params and dependencies, disconnects, broadcast."""

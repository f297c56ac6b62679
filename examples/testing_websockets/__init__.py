"""Seed section "Testing WebSockets": ``client.websocket_connect`` in a ``with`` block."""

"""Streaming examples: ``jsonl_app`` (JSON Lines from generators) and ``sse_app`` (SSE)."""

"""Seed section "Using the Request Directly": a ``Request`` parameter beside validated ones."""

"""Seed section "Async Tests": an app tested from ``async def`` tests with ``AsyncClient``."""

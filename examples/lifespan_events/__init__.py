"""Seed section "Lifespan Events": the ``lifespan`` context manager and the deprecated events."""

"""Seed section "Testing Events": run lifespan/startup/shutdown with ``with TestClient``."""

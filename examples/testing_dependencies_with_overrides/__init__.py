"""Seed section "Testing Dependencies with Overrides": ``app.dependency_overrides``."""

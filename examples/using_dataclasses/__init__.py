"""Seed section "Using Dataclasses": standard and pydantic dataclasses as bodies and models."""

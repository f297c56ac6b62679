"""Seed section "Return a Response Directly": ``jsonable_encoder`` and custom responses."""

"""Seed section "Response Cookies": set cookies on the ``Response`` parameter or directly."""

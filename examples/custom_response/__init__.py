"""Seed section "Custom Response - HTML, Stream, File, others": ``response_class`` and friends."""

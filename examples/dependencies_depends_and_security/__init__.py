"""Seed section "Dependencies - Depends() and Security()": the two dependency markers."""

"""Seed section "Advanced Dependencies": callable instances and ``yield`` dependencies."""

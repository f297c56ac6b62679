"""Seed section "Sub Applications - Mounts": an independent App mounted under ``/subapi``."""

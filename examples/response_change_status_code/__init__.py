"""Seed section "Response - Change Status Code": set the status on the ``Response`` param."""

"""Seed section "Security Tools": each scheme of ``security`` as a path operation's dependable."""

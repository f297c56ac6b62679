"""Seed section "Settings and Environment Variables".

The seed uses pydantic-settings' ``BaseSettings``; Keel does not require it, so the main
programs here read the environment with plain pydantic (``envsettings.EnvSettings``:
case-insensitive variable names, values validated and converted by the model, an optional
``.env`` file under the real environment). ``pydantic_settings_*.py`` are the seed's
programs as written, for when pydantic-settings is installed.
"""

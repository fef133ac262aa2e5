"""Filled by its part."""

__all__: list[str] = []

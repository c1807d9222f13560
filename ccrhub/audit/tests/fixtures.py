"""Fixtures of this area (filled in by its work)."""

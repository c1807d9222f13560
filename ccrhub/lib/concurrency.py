"""Optimistic concurrency: a write names the version it read (S29)."""


class StaleVersion(Exception):
    """Someone else changed the row since the caller read it; nothing was overwritten."""

"""Append-only, hash-chained audit events; access reports; anomaly alerts."""

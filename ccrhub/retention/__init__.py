"""Retention schedules, the purge and its ledger, encrypted backups and restores (S29–S31)."""

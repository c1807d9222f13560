"""The victim-service provider compartment: survivor records, releases, sharing log."""

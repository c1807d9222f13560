"""Offender accountability tracking: cases, parties, events on the stage model, orders."""

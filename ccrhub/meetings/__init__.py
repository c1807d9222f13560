"""Meetings, agendas, attendance, minutes, decisions, action items, cross-training."""

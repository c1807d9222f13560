"""Collaboratives, agencies, sectors, memberships and roles; coverage; the avenue tool."""

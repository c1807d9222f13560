"""Protocols, policies, MOUs, information-sharing agreements, versions, adoptions."""

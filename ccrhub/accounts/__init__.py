"""Users, login, MFA, sessions, API tokens."""

"""CCR Hub: the open workspace of a Coordinated Community Response."""

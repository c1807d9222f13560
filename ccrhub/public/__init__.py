"""The public area: no cookies, nothing from other origins, the quick-exit control."""

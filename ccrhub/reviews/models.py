"""Models arrive with this context's issue; the app exists so the layout is whole."""

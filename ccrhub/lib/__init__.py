"""Framework-light helpers without models: environment, crypto fields, CSV safety, dates."""

"""Goals, indicators, scorecards, reports, disclosure control, the public page."""

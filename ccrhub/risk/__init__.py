"""Risk instruments as data, assessments, scoring."""

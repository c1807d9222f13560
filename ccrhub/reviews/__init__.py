"""Safety & accountability audits, SART protocol reviews, death reviews."""

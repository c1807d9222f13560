"""MARAC / high-risk team: referrals, conferences, actions, repeat detection."""

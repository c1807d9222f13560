"""Community education events, campaigns, trainings delivered."""

"""Learning events, registrations, harvest, knowledge agenda. Models arrive with their issue."""

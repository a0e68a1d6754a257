"""Learning framework, pitstops, reflections, themes. Models arrive with their issue."""

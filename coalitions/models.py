"""Coalitions, members, grants and payments. Models arrive with their issue."""

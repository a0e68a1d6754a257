"""Proposals, answers, budgets, reviews, decisions. Models arrive with their issue."""

"""Yearly reporting rounds: the rounds themselves, who stands where in them, and the checks on what came in."""

"""Compliance: loading figures, judging them with app.domain, lists, one archive, rollups."""

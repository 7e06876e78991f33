"""Yearly reports: writing (one writer), bulk writes, review."""

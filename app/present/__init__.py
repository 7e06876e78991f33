"""Presentation: CSV, XLSX and SVG writers, status colours and labels. Services never import it."""

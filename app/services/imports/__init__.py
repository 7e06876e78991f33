"""Spreadsheet imports and templates: reading workbooks, rows to reports, access per row."""

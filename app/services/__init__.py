"""Load rows, apply the domain rules, persist; no HTTP here and no commit (see app.db)."""

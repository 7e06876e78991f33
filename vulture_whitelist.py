"""Names the dead-code check (vulture, in `make lint`) cannot see used: read only as strings or from outside Python.

Everything a framework calls by its decorator or its hook name (FastAPI routes, pydantic validators,
SQLAlchemy event listeners, pytest fixtures and hooks, alembic's revision names, http.server's do_*)
is passed over by the patterns of [tool.vulture] in pyproject.toml; what stays here has no pattern.
Vulture only reads this file: `_` stands for any object, and an attribute named here counts as used.
"""

_ = object()

# Named in a string: uvicorn loads the protocol class from "app.serving:DeadlineH11Protocol" (app/cli/server.py).
_.DeadlineH11Protocol

# Fields that only the JSON answers (pydantic's serialization) or the console's templates read.
_.approved_pct
_.check_warning_count
_.contacts  # rounds/board -> round.html
_.named_now  # rounds/board -> round.html
_.created_by
_.disabled_reason
_.electronic_records_gb
_.email
_.gap_pp
_.hypothetical_years
_.label_key  # console render -> base.html
_.own_report  # workbench -> home.html
_.predecessors  # an archive's history, JSON only
_.under_name  # workbench -> home.html
_.previous_plan
_.rate_items_pct
_.response_body
_.target_unit
_.targets_left_out
_.timeliness_pct
_.title_key
_.locked
_.roles  # admin -> accounts.html
_.p99_ms  # bench: printed as JSON
_.body_bytes

# Members of an enum reached by their value (Kind("enterprise")), never by name.
_.urban_construction
_.departmental
_.enterprise

# Set on other libraries' objects, which read them: openpyxl's cells, SQLAlchemy's metadata and TypeDecorator,
# sqlite3's connection, expat's parser, uvicorn's server.
_.font
_.naming_convention
_.impl
_.cache_ok
_.process_bind_param
_.process_result_value
_.isolation_level
_.StartElementHandler
_.EndElementHandler
_.should_exit

# The script client's API (client/lantai_client): called by script authors, not by this repository.
_.rotate_webhook_secret

# A report's figures are read by name from their declaration (app.domain.figures); one is never read as an attribute.
_.holdings_pages

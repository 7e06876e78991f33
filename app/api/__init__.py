"""HTTP stops here: routes, dependencies and the rendering of errors."""

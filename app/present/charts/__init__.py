"""Progress charts as SVG: an archive's yearly rate against its target, and a rollup's children."""

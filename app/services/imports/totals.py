"""A totals row (合计, 小计, 总计) checked against the rows above it: a warning naming the cell when they differ."""

from collections.abc import Mapping

from app.domain.figures import COUNT_NAMES
from app.i18n import Text
from app.services.imports import cells as import_cells
from app.services.imports.cells import CellProblem
from app.services.imports.layout import Table
from app.services.imports.sheet import SheetRow, cell_reference


class Totals:
    """The sums of the rows read since the last totals row (小计) and since the start (合计, 总计)."""

    def __init__(self) -> None:
        self.since_start: dict[str, int] = {}
        self.since_subtotal: dict[str, int] = {}

    def add(self, figures: Mapping[str, object]) -> None:
        for key in COUNT_NAMES:
            value = figures.get(key)
            if isinstance(value, int):
                self.since_start[key] = self.since_start.get(key, 0) + value
                self.since_subtotal[key] = self.since_subtotal.get(key, 0) + value

    def check(self, row: SheetRow, word: str, table: Table, warnings: list[Text]) -> None:
        sums = self.since_subtotal if word == "小计" else self.since_start
        for key, column in table.columns.items():
            if key not in COUNT_NAMES or column.index >= len(row.cells):
                continue
            try:
                stated = import_cells.read_count(row.cells[column.index])
            except CellProblem:
                stated = None
            if stated is not None and stated != sums.get(key, 0):
                cell, header = cell_reference(table.sheet, row.number, column.index), column.header
                warnings.append(
                    Text(
                        f"{cell} ({header}): the {word} row says {stated:,}, the rows above add up to {sums.get(key, 0):,}",
                        f"{cell}（{header}）：{word}行为 {stated:,}，上方各行之和为 {sums.get(key, 0):,}",
                    )
                )
        if word == "小计":
            self.since_subtotal = {}

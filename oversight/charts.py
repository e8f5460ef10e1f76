"""Horizontal bar charts drawn on the server as SVG: no JavaScript, and every bar carries
its label and value as text, so nothing depends on colour. Each chart on a page is
followed by a table with the same figures.

Only geometry is worked out here; `oversight/includes/bar_chart.html` draws it, so
labels are escaped by the template engine. Numbers are formatted here as strings so
that localisation can never put a comma in an SVG coordinate."""

from dataclasses import dataclass

WIDTH = 320  # about 1:1 on a 320px screen, where the text must stay readable
ROW = 40  # label line + bar + gap
LABEL_BASELINE = 15
BAR_TOP = 20
BAR_HEIGHT = 14
VALUE_ROOM = 44  # space kept right of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    label_y: str
    bar_y: str
    bar_width: str
    value_x: str
    value_y: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    """`rows` are (label, value) pairs in the order they should be read."""
    largest = max((value for _, value in rows), default=0)
    scale = (WIDTH - VALUE_ROOM) / largest if largest else 0
    bars = []
    for index, (label, value) in enumerate(rows):
        top = index * ROW
        width = value * scale
        bars.append(
            Bar(
                label=label,
                value=value,
                label_y=_num(top + LABEL_BASELINE),
                bar_y=_num(top + BAR_TOP),
                bar_width=_num(width),
                value_x=_num(width + 6),
                value_y=_num(top + BAR_TOP + BAR_HEIGHT - 3),
            )
        )
    return BarChart(
        id=chart_id,
        title=title,
        description="Bar chart. The same figures are in the table that follows.",
        width=WIDTH,
        height=max(len(rows), 1) * ROW,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )

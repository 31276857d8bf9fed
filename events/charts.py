"""Charts of the figures' tables, drawn on the server as SVG (templates/events/_chart.svg).

The geometry is computed here; the template writes it out. Every number reaches the
template as a string: a float would be written "12,5" on a French page, which SVG does
not read. The chart names itself (<title>, <desc>) and each bar says its row and value;
the table beside it gives the same numbers to those who do not see the chart.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 640
BAR_FILL = "#a4161a"  # the site's accent: 7.6:1 on white
HIGHLIGHT_FILL = "#3b0709"
TEXT_FILL = "#1a1a1a"
AXIS_STROKE = "#555555"
# Bars: the label column, then the bar, then its value.
LABEL_WIDTH = 224
BAR_START = LABEL_WIDTH + 8
BAR_ROOM = WIDTH - BAR_START - 64
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LABEL_MAX_CHARS = 28
# Columns: the values above, the labels below.
PLOT_TOP = 22
PLOT_HEIGHT = 180
PLOT_BOTTOM = 30
SIDE = 8


@dataclass(frozen=True)
class Mark:
    title: str
    x: str
    y: str
    width: str
    height: str
    label: str
    label_x: str
    label_y: str
    label_anchor: str
    value: str
    value_x: str
    value_y: str
    value_anchor: str
    fill: str


@dataclass(frozen=True)
class Chart:
    dom_id: str
    title: str
    description: str
    width: str
    height: str
    font_size: str
    axis: tuple  # x1, y1, x2, y2
    marks: list


def chart_for(table, rows, *, dom_id):
    """The chart of `rows` (those of `table` the page shows), ids starting with `dom_id`."""
    draw = _columns if table.shape == "columns" else _bars
    return draw(table, rows, dom_id)


def _bars(table, rows, dom_id):
    top = 6
    largest = max((row.value for row in rows), default=0)
    marks = []
    for i, row in enumerate(rows):
        y = top + i * ROW_HEIGHT
        length = BAR_ROOM * row.value / largest if largest else 0
        middle = y + BAR_HEIGHT / 2 + 4
        marks.append(
            Mark(
                title=_row_title(row),
                x=_n(BAR_START),
                y=_n(y),
                width=_n(length),
                height=_n(BAR_HEIGHT),
                label=_shortened(row.label),
                label_x=_n(BAR_START - 8),
                label_y=_n(middle),
                label_anchor="end",
                value=number_format(row.value, force_grouping=True),
                value_x=_n(BAR_START + length + 6),
                value_y=_n(middle),
                value_anchor="start",
                fill=HIGHLIGHT_FILL if row.highlight else BAR_FILL,
            )
        )
    height = 2 * top + len(rows) * ROW_HEIGHT
    return Chart(
        dom_id=dom_id,
        title=str(table.title),
        description=_description(table, rows),
        width=_n(WIDTH),
        height=_n(height),
        font_size="12",
        axis=(_n(BAR_START), _n(top / 2), _n(BAR_START), _n(height - top / 2)),
        marks=marks,
    )


def _columns(table, rows, dom_id):
    largest = max((row.value for row in rows), default=0)
    step = (WIDTH - 2 * SIDE) / max(len(rows), 1)
    width = step * 0.7
    baseline = PLOT_TOP + PLOT_HEIGHT
    marks = []
    for i, row in enumerate(rows):
        height = PLOT_HEIGHT * row.value / largest if largest else 0
        middle = SIDE + i * step + step / 2
        marks.append(
            Mark(
                title=_row_title(row),
                x=_n(middle - width / 2),
                y=_n(baseline - height),
                width=_n(width),
                height=_n(height),
                label=row.short_label or row.label,
                label_x=_n(middle),
                label_y=_n(baseline + 16),
                label_anchor="middle",
                value=number_format(row.value, force_grouping=True) if row.value else "",
                value_x=_n(middle),
                value_y=_n(baseline - height - 5),
                value_anchor="middle",
                fill=HIGHLIGHT_FILL if row.highlight else BAR_FILL,
            )
        )
    return Chart(
        dom_id=dom_id,
        title=str(table.title),
        description=_description(table, rows),
        width=_n(WIDTH),
        height=_n(baseline + PLOT_BOTTOM),
        font_size="10" if len(rows) > 16 else "12",
        axis=(_n(SIDE), _n(baseline), _n(WIDTH - SIDE), _n(baseline)),
        marks=marks,
    )


def _row_title(row):
    return _("%(label)s: %(value)s") % {
        "label": row.label,
        "value": number_format(row.value, force_grouping=True),
    }


def _description(table, rows):
    if table.shape == "columns" and rows:
        return _("From %(first)s to %(last)s; the table beside gives each number.") % {
            "first": rows[0].label,
            "last": rows[-1].label,
        }
    return _("Largest first; the table beside gives each number.")


def _shortened(label):
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


def _n(number):
    """A coordinate as SVG writes it, whatever the page's language."""
    return f"{number:.1f}".removesuffix(".0")

"""Server-rendered SVG charts: the same markup in the page and, later, in the PDF reports."""

import textwrap

from django.utils.html import escape

# Colours with enough contrast on white, told apart by a marker shape too (not by colour only).
PALETTE = ["#1d5c4d", "#b35c00", "#5b3b8c", "#a4161a", "#0b5394", "#6b6b00", "#7a3e00", "#333"]
MARKERS = ["circle", "square", "diamond", "triangle"]


def _marker(shape, x, y, colour):
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


# The legend sits under the plot, in as many columns as its longest label allows, and the chart
# grows in height to hold it: a legend beside the plot was cut off at the chart's edge.
CHAR_WIDTH = 6.5  # a generous average width of a character at font-size 11, in chart units
LEGEND_ROW = 16


def _legend_layout(labels, width):
    """(columns, characters per line): labels longer than a full-width line are wrapped."""
    usable = width - 20
    longest = max((len(label) for label in labels), default=0)
    column = longest * CHAR_WIDTH + 34
    columns = max(1, min(len(labels), int(usable // column))) if labels else 1
    return columns, max(20, int((usable / columns - 34) // CHAR_WIDTH))


def line_chart(
    *,
    title: str,
    description: str,
    series: dict,
    chart_id: str,
    y_min=1,
    y_max=5,
    width=640,
    height=260,
) -> str:
    """series: {label: [(date, value), ...]} → an SVG with one line per label and a legend under
    the plot. `height` is the plot's part; the legend adds to it."""
    left, right, top, bottom = 40, 20, 20, 30
    dates = sorted({day for points in series.values() for day, _value in points})
    plot_w, plot_h = width - left - right, height - top - bottom
    labels = sorted(series)
    columns, line_chars = _legend_layout(labels, width)
    wrapped = [textwrap.wrap(label, line_chars) or [""] for label in labels]
    rows = [[] for _row in range((len(labels) + columns - 1) // columns)]
    for index, lines in enumerate(wrapped):
        rows[index // columns].append(lines)
    row_heights = [LEGEND_ROW * max(len(lines) for lines in row) for row in rows]
    legend_top = height + 6
    total_height = legend_top + sum(row_heights) + (6 if rows else 0)

    def x_of(day):
        if len(dates) < 2:
            return left + plot_w / 2
        span = (dates[-1] - dates[0]).days or 1
        return left + (day - dates[0]).days / span * plot_w

    def y_of(value):
        return top + (y_max - value) / (y_max - y_min) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for value in range(y_min, y_max + 1):
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d7d4" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#333">{value}</text>'
        )
    # The first and last date, kept inside the chart: anchored at their outer end.
    ends = (
        [(dates[0], "start"), (dates[-1], "end")]
        if len(dates) > 1
        else [(d, "middle") for d in dates]
    )
    for day, anchor in ends:
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{height - 8}" text-anchor="{anchor}" '
            f'font-size="11" fill="#333">{day:%m-%Y}</text>'
        )
    column_width = (width - 20) / columns
    for index, label in enumerate(labels):
        colour, shape = PALETTE[index % len(PALETTE)], MARKERS[index % len(MARKERS)]
        coords = [(x_of(day), y_of(value)) for day, value in sorted(series[label])]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2" data-series="{escape(label)}"/>'
            )
        parts.extend(_marker(shape, x, y, colour) for x, y in coords)
        row = index // columns
        legend_x = 10 + (index % columns) * column_width
        legend_y = legend_top + sum(row_heights[:row]) + LEGEND_ROW / 2
        parts.append(_marker(shape, legend_x + 6, legend_y, colour))
        for number, line in enumerate(wrapped[index]):
            parts.append(
                f'<text x="{legend_x + 16:.1f}" y="{legend_y + 4 + number * LEGEND_ROW:.1f}" '
                f'font-size="11" fill="#333">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)

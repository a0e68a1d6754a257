"""Server-rendered SVG charts: the same markup in the page and, later, in the PDF reports."""

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
    """series: {label: [(date, value), ...]} → an SVG with one line per label and a legend."""
    left, right, top, bottom = 40, 170, 20, 30
    dates = sorted({day for points in series.values() for day, _value in points})
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(day):
        if len(dates) < 2:
            return left + plot_w / 2
        span = (dates[-1] - dates[0]).days or 1
        return left + (day - dates[0]).days / span * plot_w

    def y_of(value):
        return top + (y_max - value) / (y_max - y_min) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
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
    if dates:
        for day in (dates[0], dates[-1]):
            parts.append(
                f'<text x="{x_of(day):.1f}" y="{height - 8}" text-anchor="middle" '
                f'font-size="11" fill="#333">{day:%m-%Y}</text>'
            )
    for index, (label, points) in enumerate(sorted(series.items())):
        colour, shape = PALETTE[index % len(PALETTE)], MARKERS[index % len(MARKERS)]
        coords = [(x_of(day), y_of(value)) for day, value in sorted(points)]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2" data-series="{escape(label)}"/>'
            )
        parts.extend(_marker(shape, x, y, colour) for x, y in coords)
        legend_y = top + 16 * index
        parts.append(_marker(shape, width - right + 14, legend_y, colour))
        parts.append(
            f'<text x="{width - right + 24}" y="{legend_y + 4}" font-size="11" '
            f'fill="#333">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

"""What the tallies pane draws, read off its lines: the header and the rows on screen, cut at its columns."""

from __future__ import annotations

from sitrep.ui.widgets.tallies import Tallies


def lines(tallies: Tallies) -> list[str]:
    """Every line the pane draws, the header first."""
    return [tallies.render_line(y).text for y in range(tallies.scrollable_content_region.height)]


def shown(tallies: Tallies) -> list[dict[str, str]]:
    """The rows on screen, each cell's text by column key (group, count, share, bar, killed, injured; a pivot's
    columns by their group), for the columns wholly in view."""
    grid = tallies.grid
    if grid is None:
        return []
    width, (scroll_x, scroll_y) = tallies.scrollable_content_region.width, tallies.scroll_offset
    fixed = grid.edges[grid.fixed]
    spans = {}
    for n, column in enumerate(grid.columns):
        left, right = (grid.edges[n], grid.edges[n + 1]) if n < grid.fixed else (grid.edges[n] - scroll_x, grid.edges[n + 1] - scroll_x)
        if n < grid.fixed or (left >= fixed and right <= width):
            spans[column.key] = (left, right)
    drawn = lines(tallies)[1 : 1 + grid.height - scroll_y]
    return [{key: line[left:right].strip() for key, (left, right) in spans.items()} for line in drawn]


def labels(tallies: Tallies) -> list[str]:
    return [row["group"] for row in shown(tallies)]

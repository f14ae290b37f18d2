"""What the tallies pane draws, read off its lines: the header and the rows on screen, cut at its columns."""

from __future__ import annotations

from sitrep.ui.widgets.tallies import Tallies


def lines(tallies: Tallies) -> list[str]:
    """Every line the pane draws, the header first."""
    return [tallies.render_line(y).text for y in range(tallies.scrollable_content_region.height)]


def spans(tallies: Tallies) -> dict[str, tuple[int, int]]:
    """Where each column wholly in view is drawn: the fixed ones (a pivot's labels), then those the scroll reaches."""
    grid = tallies.grid
    width, scroll_x = tallies.scrollable_content_region.width, tallies.scroll_offset.x
    fixed = grid.edges[grid.fixed]
    found = {}
    for n, column in enumerate(grid.columns):
        left, right = (grid.edges[n], grid.edges[n + 1]) if n < grid.fixed else (grid.edges[n] - scroll_x, grid.edges[n + 1] - scroll_x)
        if n < grid.fixed or (left >= fixed and right <= width):
            found[column.key] = (left, right)
    return found


def shown(tallies: Tallies) -> list[dict[str, str]]:
    """The rows on screen, each cell's text by column key (group, count, share, bar, killed, injured; a pivot's
    columns by their group), for the columns wholly in view."""
    if tallies.grid is None:
        return []
    columns = spans(tallies)
    drawn = lines(tallies)[1 : 1 + tallies.grid.height - tallies.scroll_offset.y]
    return [{key: line[left:right].strip() for key, (left, right) in columns.items()} for line in drawn]


def labels(tallies: Tallies) -> list[str]:
    return [row["group"] for row in shown(tallies)]


def under_cursor(tallies: Tallies) -> list[tuple[str, str]]:
    """(row label, column key) of each cell drawn in the cursor's colours: a tally's whole row, a pivot's one cell."""
    cursor = tallies.get_component_rich_style("tallies--cursor").bgcolor
    found = []
    for row, y in zip(shown(tallies), range(1, tallies.scrollable_content_region.height)):
        strip = tallies.render_line(y)
        for key, (left, _) in spans(tallies).items():
            style = next(iter(strip.crop(left, left + 1))).style
            if style is not None and style.bgcolor == cursor:
                found.append((row["group"], key))
    return found

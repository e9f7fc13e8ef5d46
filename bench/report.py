"""The table `make bench` prints: per page, small and big database side by side, the goal
from issue 11 and whether it holds."""

import math

# Issue 11: the ratio to /healthz each page must reach on the big database.
GOALS = {
    "track": 0.35,
    "track-in": 0.25,
    "project": 0.45,
    "project-in": 0.35,
    "tick": 0.45,
    "dashboard": 0.25,
    "queue": 0.25,
    "portfolio": 0.25,
    "search": 0.25,
}
# …and every page's p95 on the big database within this factor of the small one's.
P95_GROWTH = 1.5


def _number(value: float, digits: int = 0) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def _figures(result) -> list[str]:
    if result is None:
        return ["", "", "", "", ""]
    return [
        _number(result.rps, 1),
        _number(result.ratio, 3),
        _number(result.p50),
        _number(result.p95),
        _number(result.p99),
    ]


def verdict(name: str, small, big) -> str:
    """ "ok" or what fails: the ratio goal on big, the p95 growth from small to big."""
    if big is None:
        return ""
    failures = []
    goal = GOALS.get(name)
    if goal is not None and big.ratio < goal:
        failures.append("ratio")
    if small is not None and big.p95 > P95_GROWTH * small.p95:
        failures.append(f"p95 ×{big.p95 / small.p95:.1f}")
    if big.errors:
        failures.append("errors")
    return "ok" if not failures else "FAILS: " + ", ".join(failures)


def table(labels: dict, results: dict) -> str:
    """A Markdown table: `results` is {database: {page name: PageResult}}."""
    small, big = results.get("small", {}), results.get("big", {})
    header = [
        "page",
        "small req/s",
        "ratio",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "big req/s",
        "ratio",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "goal",
        "holds",
    ]
    rows = [header]
    for name, label in labels.items():
        if name not in small and name not in big:
            continue
        goal = GOALS.get(name)
        rows.append(
            [
                label,
                *_figures(small.get(name)),
                *_figures(big.get(name)),
                f"≥ {goal}" if goal else "–",
                verdict(name, small.get(name), big.get(name)),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def healthz_line(results: dict) -> str:
    parts = []
    for database, pages in results.items():
        if pages:
            mean = sum(r.healthz_rps for r in pages.values()) / len(pages)
            parts.append(f"{database}: {mean:,.0f} req/s")
    return "/healthz (mean of the slices around the pages): " + ", ".join(parts)


def errors_lines(results: dict) -> list[str]:
    return [
        f"{database} {name}: errors {result.errors} in {result.requests} requests"
        for database, pages in results.items()
        for name, result in pages.items()
        if result.errors
    ]

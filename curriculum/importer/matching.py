"""Which row of the catalog is which item of a track file.

An item with a key (`<!-- id: … -->`) is the row with that key. Items without one, or whose
key this catalog has never seen, are matched the way a person would: the same text, else the
same place with a similar text (a reworded milestone, a renamed project), else a very similar
text elsewhere (reworded and moved). What is left is new.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from difflib import SequenceMatcher

SIMILAR_IN_PLACE = 0.6
SIMILAR_ELSEWHERE = 0.85


@dataclass(frozen=True)
class Side:
    """How to read the key, the text and the place of one side (file items or rows)."""

    key: Callable[[object], str]
    text: Callable[[object], str]
    place: Callable[[object], Hashable]


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def similarity(first: str, second: str) -> float:
    return SequenceMatcher(None, normalised(first), normalised(second)).ratio()


def match(items: list, rows: list, *, item: Side, row: Side, is_live) -> dict[int, object]:
    """{index of an item: its row} for the items that have one. Each row is used once; live
    rows are preferred to archived ones (which an import restores)."""
    rows = sorted(rows, key=lambda r: (not is_live(r), r.pk))
    matched: dict[int, object] = {}
    used: set[int] = set()

    def take(index, candidate):
        matched[index] = candidate
        used.add(candidate.pk)

    def unmatched_rows(live_only=False):
        return [r for r in rows if r.pk not in used and (is_live(r) or not live_only)]

    by_key = {row.key(r): r for r in rows if row.key(r)}
    for index, wanted in enumerate(items):
        found = by_key.get(item.key(wanted))
        if found is not None and found.pk not in used:
            take(index, found)
    for index, wanted in enumerate(items):
        if index in matched:
            continue
        text = normalised(item.text(wanted))
        same = [r for r in unmatched_rows() if normalised(row.text(r)) == text]
        if same:
            take(index, same[0])
    for index, wanted in enumerate(items):
        if index in matched:
            continue
        here = [r for r in unmatched_rows(live_only=True) if row.place(r) == item.place(wanted)]
        if here and similarity(row.text(here[0]), item.text(wanted)) >= SIMILAR_IN_PLACE:
            take(index, here[0])
    for index, wanted in enumerate(items):
        if index in matched:
            continue
        scored = [(similarity(row.text(r), item.text(wanted)), r) for r in unmatched_rows(True)]
        best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if best[0] >= SIMILAR_ELSEWHERE:
            take(index, best[1])
    return matched

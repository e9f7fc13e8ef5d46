"""What other apps keep that points at catalog rows (learners' ticks, progress, submissions).

The catalog knows nothing about learners, so it asks the models' relations: every foreign key
from another app toward a catalog model is counted, under that model's plural name.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count


def references(model, pks) -> dict[int, Counter]:
    """{pk: Counter({"milestone checks": 3, "submissions": 1})} for the rows `pks` of `model`
    that anything outside the catalog points at; one query per relation."""
    found: dict[int, Counter] = defaultdict(Counter)
    pks = list(pks)
    if not pks:
        return found
    for relation in model._meta.related_objects:
        other = relation.related_model
        if other._meta.app_label == model._meta.app_label or relation.many_to_many:
            continue
        name = relation.field.name
        rows = (
            other._base_manager.filter(**{f"{name}__in": pks})
            .values_list(name)
            .annotate(count=Count("pk"))
            .order_by()
        )
        for pk, count in rows:
            found[pk][str(other._meta.verbose_name_plural)] += count
    return found

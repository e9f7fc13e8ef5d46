from django.apps import apps
from django.core.management.base import BaseCommand

from roadmap.fields import markdown_html_fields

BATCH = 500


class Command(BaseCommand):
    help = (
        "Render every stored Markdown text to HTML again: run it after the Markdown renderer "
        "or the sanitizer changed (each text is otherwise rendered once, when it is saved)."
    )

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = markdown_html_fields(model)
            if not fields:
                continue
            changed = 0
            rows = model._base_manager.only(
                "pk", *[f.source for f in fields], *[f.attname for f in fields]
            )
            batch = []
            for row in rows.iterator(chunk_size=BATCH):
                before = [getattr(row, field.attname) for field in fields]
                for field in fields:
                    setattr(row, field.attname, field.render(row))
                if [getattr(row, field.attname) for field in fields] != before:
                    batch.append(row)
                if len(batch) == BATCH:
                    changed += self.save(model, batch, fields)
            changed += self.save(model, batch, fields)
            self.stdout.write(f"{model._meta.label}: {changed} rendered again")

    def save(self, model, rows, fields) -> int:
        model._base_manager.bulk_update(rows, [field.attname for field in fields])
        count = len(rows)
        rows.clear()
        return count

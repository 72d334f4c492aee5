"""Group the per-observation feedback written before items existed: one item per
recipient, kind and message (a confirmed picture's hundreds of identical rows become
one "N av dina iakttagelser …"). Every row stays and points at its item; an item is
read, or mailed, when all its rows were."""

import hashlib
import re

from django.db import migrations

IN_PICTURE = re.compile(r"lägesbilden för (.+), som nu är fastställd")


def _sentence(kind, message, count):
    if count == 1:
        return message
    if kind == "in_picture" and (match := IN_PICTURE.search(message)):
        return f"{count} av dina iakttagelser kom med i lägesbilden för {match[1]}."
    if kind == "reviewed":
        return (
            f"Samordnaren har gått igenom {count} av dina iakttagelser. De räknas med i underlaget."
        )
    return f"{message} ({count} iakttagelser)"


def _latest(values):
    return None if None in values else max(values)


def group(apps, schema_editor):
    Feedback = apps.get_model("reports", "Feedback")
    FeedbackItem = apps.get_model("reports", "FeedbackItem")
    groups = {}
    rows = Feedback.objects.filter(item__isnull=True).order_by("created_at", "pk")
    for row in rows.values(
        "pk",
        "recipient_id",
        "municipality_id",
        "kind",
        "message",
        "created_at",
        "read_at",
        "emailed_at",
    ).iterator(chunk_size=2000):
        groups.setdefault((row["recipient_id"], row["kind"], row["message"]), []).append(row)
    for (recipient_id, kind, message), members in groups.items():
        digest = hashlib.sha256(message.encode()).hexdigest()[:20]
        item = FeedbackItem.objects.create(
            recipient_id=recipient_id,
            municipality_id=members[-1]["municipality_id"],
            key=f"legacy:{kind}:{digest}",
            kind=kind,
            message=_sentence(kind, message, len(members)),
            count=len(members),
            created_at=members[0]["created_at"],
            updated_at=members[-1]["created_at"],
            read_at=_latest([m["read_at"] for m in members]),
            emailed_at=_latest([m["emailed_at"] for m in members]),
        )
        Feedback.objects.filter(pk__in=[m["pk"] for m in members]).update(item=item)


def ungroup(apps, schema_editor):
    apps.get_model("reports", "Feedback").objects.update(item=None)
    apps.get_model("reports", "FeedbackItem").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0012_feedback_items_and_events")]

    operations = [migrations.RunPython(group, ungroup)]

"""The old direct-entry RIPA authorisations (checks.RipaAuthorisation, typed in by a
manager) become applications of the new register, with the same ids, so the views
and refusals that cite them keep citing them (those tables are append-only: no row
of theirs is changed). What the old form never asked is marked "not recorded".

The old row counted its months from a date the manager chose: the migrated one is
in force from that start, but never past the last valid day counted from the
magistrate's approval (ripa.dates.last_valid_day); an old "renewal" that only moved
the end date, without a new approval, does not carry over."""

import datetime

from django.core.management.color import no_style
from django.db import migrations
from django.utils import timezone

NOT_RECORDED = "Not recorded (entered before the December 2026 register)."
NOT_RECORDED_FIELDS = [
    "offence",
    "offence_max_sentence_months",
    "necessity",
    "proportionality",
    "collateral_intrusion",
    "confidential_information_likely",
    "decided_by",
    "authorising_officer_grade",
    "authorising_officer_involved",
    "decided_on",
    "decision_reasons",
    "review_every_days",
    "court",
    "justice",
]


def _last_valid_day(took_effect):
    # ripa.dates.last_valid_day, copied: a migration must not change when the app's code does.
    import calendar

    month_index = took_effect.month - 1 + 3
    year, month = took_effect.year + month_index // 12, month_index % 12 + 1
    same_day = took_effect.replace(year=year, month=month, day=min(took_effect.day, calendar.monthrange(year, month)[1]))
    return same_day - datetime.timedelta(days=1)


def forward(apps, schema_editor):
    Old = apps.get_model("checks", "RipaAuthorisation")
    OldReview = apps.get_model("checks", "RipaReview")
    Application = apps.get_model("ripa", "RipaApplication")
    Review = apps.get_model("ripa", "RipaReview")
    Cancellation = apps.get_model("ripa", "RipaCancellation")
    moved = 0
    for old in Old.objects.select_related("applicant__household").order_by("pk"):
        last_day = min(old.valid_to, _last_valid_day(old.magistrate_approved_on))
        application = Application.objects.create(
            pk=old.pk,
            reference=old.reference,
            kind="initial",
            council_id=old.applicant.household.local_authority_id,
            applicant_id=old.applicant_id,
            status="cancelled" if old.cancelled_at else "active",
            offence=NOT_RECORDED,
            necessity=NOT_RECORDED,
            proportionality_balance=NOT_RECORDED,
            proportionality_least_intrusive=NOT_RECORDED,
            proportionality_appropriate_use=NOT_RECORDED,
            proportionality_alternatives=NOT_RECORDED,
            collateral_intrusion=NOT_RECORDED,
            applied_by_id=old.created_by_id,
            applied_on=timezone.localdate(old.created_at),
            authorising_officer_name=old.authorising_officer,
            granted=True,
            justice_decided_on=old.magistrate_approved_on,
            justice_approved=True,
            justice_recorded_by_id=old.created_by_id,
            valid_from=min(old.valid_from, last_day),
            last_valid_day=last_day,
            not_recorded=NOT_RECORDED_FIELDS,
        )
        application.profiles.set(old.profiles.all())
        for review in OldReview.objects.filter(authorisation=old).order_by("on", "pk"):
            if review.kind == "cancellation":
                continue
            prefix = "" if review.kind == "review" else "Recorded as a renewal without a justice's approval: "
            Review.objects.create(
                application=application,
                on=review.on,
                outcome="continue",
                reasons=prefix + review.notes,
                reviewed_by_id=review.recorded_by_id,
            )
        if old.cancelled_at:
            Cancellation.objects.create(
                application=application,
                cancelled_on=timezone.localdate(old.cancelled_at),
                reasons=old.cancellation_reason or NOT_RECORDED,
                ceased_at=old.cancelled_at,
                product_handling=NOT_RECORDED,
                cancelled_by_id=old.cancelled_by_id,
                not_recorded=["product_handling"] + ([] if old.cancellation_reason else ["reasons"]),
            )
        moved += 1
    if moved:
        # Rows were written with their old ids: move the id sequence past them.
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Application]):
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ripa", "0001_applications_and_central_record"),
        ("checks", "0009_one_off_in_real_households"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

"""Demo data for data protection (web.demo calls these): each council's lawful basis and DPIA,
the council each team works for, and subject access requests the demo DPO (demo-auditor) runs."""

import datetime

from django.utils import timezone

from cases.models import Applicant

from .models import Decision, Exemption, ItemCategory, LawfulBasisVersion, SubjectAccessRequest
from .services import sar_make_pack, sar_open, sar_record_sent, sar_review_item


def seed_accountability(councils, teams) -> None:
    """A lawful basis version per council (before any consent is recorded), and each team's council."""
    for number, council in enumerate(councils, start=1):
        if not LawfulBasisVersion.objects.filter(local_authority=council).exists():
            LawfulBasisVersion.objects.create(
                local_authority=council,
                article_9_condition=LawfulBasisVersion.Condition.SAFEGUARDING,
                condition_detail=(
                    "The council's duty under the Adoption Agencies Regulations 2005 to assess whether "
                    "prospective adopters can keep a child safe."
                ),
                dpia_reference=f"DPIA-2026-{number:03d}",
                dpia_date=datetime.date(2026, 9, number),
                in_force_from=timezone.now() - datetime.timedelta(days=90),
            )
    for team, council in zip(teams, councils, strict=False):
        if team.local_authority_id is None:
            team.local_authority = council
            team.save(update_fields=["local_authority"])


def seed_subject_access(dpo) -> None:
    """One request sent after review (a withheld and a redacted item), one overdue and still in review."""
    if SubjectAccessRequest.objects.exists():
        return
    checked = Applicant.objects.filter(social_checks__completed_at__isnull=False).order_by("pk").distinct()
    applicants = list(checked[:2])
    if len(applicants) < 2:
        return
    today = timezone.localdate()
    done = sar_open(
        user=dpo,
        applicant_id=applicants[0].pk,
        requested_by="The applicant",
        identity_check="Passport and a council tax bill seen at the council's front desk.",
        received_on=today - datetime.timedelta(days=20),
    )
    for item in done.items.all():
        if item.category == ItemCategory.INCIDENT:
            sar_review_item(
                user=dpo,
                item_id=item.pk,
                decision=Decision.WITHHOLD,
                exemption=Exemption.THIRD_PARTY,
                note="Describes a member of staff's home circumstances.",
            )
        elif item.category in (ItemCategory.CHECK, ItemCategory.AUDIT, ItemCategory.REFUSAL):
            sar_review_item(user=dpo, item_id=item.pk, decision=Decision.REDACT)
        else:
            sar_review_item(user=dpo, item_id=item.pk, decision=Decision.DISCLOSE)
    sar_make_pack(user=dpo, request_id=done.pk)
    sar_record_sent(user=dpo, request_id=done.pk, sent_on=today - datetime.timedelta(days=2), sent_how="secure_email")
    overdue = sar_open(
        user=dpo,
        applicant_id=applicants[1].pk,
        requested_by="Their solicitor, with signed authority",
        identity_check="Signed authority from the applicant and the solicitor's practising certificate.",
        received_on=today - datetime.timedelta(days=40),
    )
    first = overdue.items.order_by("pk").first()
    sar_review_item(user=dpo, item_id=first.pk, decision=Decision.DISCLOSE)

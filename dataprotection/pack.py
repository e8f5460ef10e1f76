"""The subject access pack: what the reviewer decided to disclose, as a PDF for reading
(large print where the applicant's needs say so) and a machine-readable JSON, in one zip.

Withheld items are left out altogether; redacted items keep their place with each
masked detail replaced by a visible marker."""

import io
import json
import re
import zipfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from .gather import needs_large_print
from .models import Decision, SubjectAccessRequest

REDACTED = "[Redacted: staff or third-party details]"
REDACTED_PHRASE = "[Redacted]"
STYLES = Path(__file__).resolve().parent / "static" / "dataprotection"


def _mask(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        text = re.sub(re.escape(phrase), REDACTED_PHRASE, text, flags=re.IGNORECASE)
    return text


def disclosed_items(sar: SubjectAccessRequest) -> list[dict]:
    """The items as they go into the pack, in gathering order."""
    found = []
    for item in sar.items.exclude(decision=Decision.WITHHOLD).order_by("pk"):
        redact = item.decision == Decision.REDACT
        phrases = [p.strip() for p in item.redact_phrases.splitlines() if p.strip()] if redact else []
        rows = []
        for row in item.rows:
            value = REDACTED if redact and row.get("sensitive") else _mask(row.get("value", ""), phrases)
            rows.append({"label": row["label"], "value": value, "redacted": value != row.get("value", "")})
        found.append(
            {
                "category": item.get_category_display(),
                "title": item.title,
                "redacted": redact,
                "fields": rows,
            }
        )
    return found


def pack_data(sar: SubjectAccessRequest) -> dict:
    applicant = sar.applicant
    council = applicant.household.local_authority
    return {
        "subject_access_request": {
            "reference": f"SAR-{sar.pk}",
            "about": applicant.full_name,
            "received_on": sar.received_on.isoformat(),
            "due_on": sar.due_on.isoformat(),
            "pack_made_at": timezone.localtime(sar.pack_made_at).isoformat() if sar.pack_made_at else None,
        },
        "data_controller": {
            "name": council.name,
            "data_protection_officer": council.dpo_name,
            "contact": council.dpo_email,
        },
        "redaction_marker": REDACTED,
        "items": [
            {
                "category": item["category"],
                "title": item["title"],
                "redacted": item["redacted"],
                "fields": {row["label"]: row["value"] for row in item["fields"]},
            }
            for item in disclosed_items(sar)
        ],
    }


def pack_pdf(sar: SubjectAccessRequest) -> bytes:
    from weasyprint import CSS, HTML

    large = needs_large_print(sar.applicant)
    html = render_to_string(
        "dataprotection/pack.html",
        {"sar": sar, "data": pack_data(sar), "items": disclosed_items(sar), "large_print": large},
    )
    sheet = "pack-large-print.css" if large else "pack.css"
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLES / sheet))])


def pack_zip(sar: SubjectAccessRequest) -> bytes:
    made = timezone.localtime(sar.pack_made_at or timezone.now())
    stamp = (made.year, made.month, made.day, made.hour, made.minute, made.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            (f"subject-access-{sar.pk}.pdf", pack_pdf(sar)),
            (
                f"subject-access-{sar.pk}.json",
                json.dumps(pack_data(sar), indent=2, ensure_ascii=False).encode(),
            ),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()

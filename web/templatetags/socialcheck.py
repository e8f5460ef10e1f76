"""Status tags, the communication needs flag and the machine-readable moment, the same on every page."""

import re

from django import forms, template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from checks.models import CheckStatus
from consent.models import ConsentState

register = template.Library()

CONSENT_COLOURS = {
    ConsentState.NONE: "govuk-tag--grey",
    ConsentState.GIVEN: "govuk-tag--green",
    ConsentState.REFUSED: "govuk-tag--red",
    ConsentState.WITHDRAWN: "govuk-tag--orange",
}
CHECK_COLOURS = {
    CheckStatus.NOT_CHECKED: "govuk-tag--grey",
    CheckStatus.IN_PROGRESS: "govuk-tag--yellow",
    CheckStatus.COMPLETED: "govuk-tag--green",
}


@register.filter
def iso_datetime(value) -> str:
    """A moment for <time datetime="...">: local time to the second with its offset, as
    2026-12-06T21:18:34+00:00 (no microseconds, which the HTML checker refuses)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def consent_tag(state) -> str:
    state = ConsentState(state)
    return format_html('<strong class="govuk-tag {}">{}</strong>', CONSENT_COLOURS[state], state.label)


@register.simple_tag
def check_tag(status) -> str:
    status = CheckStatus(status)
    return format_html('<strong class="govuk-tag {}">{}</strong>', CHECK_COLOURS[status], status.label)


@register.simple_tag
def needs_flag(applicant, detail: bool = True) -> str:
    """A visible flag for an applicant with communication needs, with the needs in words,
    or that nobody has asked them yet (the standard's "identify" step)."""
    if not applicant.has_communication_needs:
        if applicant.needs_not_asked:
            return mark_safe('<strong class="govuk-tag govuk-tag--yellow app-needs-flag">Needs not yet asked</strong>')
        return ""
    labels = applicant.communication_needs_labels()
    if not detail:
        return mark_safe('<strong class="govuk-tag govuk-tag--purple app-needs-flag">Communication needs</strong>')
    return format_html(
        '<strong class="govuk-tag govuk-tag--purple app-needs-flag">Communication needs</strong>'
        ' <span class="govuk-body-s">{}</span>',
        format_html_join(", ", "{}", ((label,) for label in labels)),
    )


@register.simple_tag
def consent_information_links(applicant) -> list[dict]:
    """The consent information files for an applicant (fixed paths), marking those they need."""
    from consent import documents
    from consent.models import ConsentFormat, ConsentText

    base = reverse("consent-information-file", args=[applicant.pk, "pdf"]).removesuffix(".pdf")
    needed = set(applicant.information_formats)
    links = [
        {"label": fmt.label, "url": f"{base}.{suffix}", "needed": fmt.consent_format in needed}
        for suffix, fmt in documents.FORMATS.items()
    ]
    for code, name in documents.available_languages(ConsentText.objects.current()):
        links.append(
            {
                "label": f"{name} translation (PDF)",
                "url": f"{base}.pdf?language={code}",
                "needed": ConsentFormat.TRANSLATED in needed,
            }
        )
    return links


@register.inclusion_tag("web/includes/nav_item.html", takes_context=True)
def nav_item(context, url_name: str, text: str, prefix: str = "") -> dict:
    """A service navigation link, marked as the current page where it is."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = bool(
        request is not None
        and ((match is not None and match.url_name == url_name) or (prefix and request.path.startswith(prefix)))
    )
    return {"href": reverse(url_name), "text": text, "current": current}


@register.filter
def error_anchor(bound_field, field_id: str) -> str:
    """The id an error summary link should point at: the first radio or
    checkbox of a group; for a date, the box with the error (crispy-forms-gds
    numbers them `<id>_0`, `_1`...; our date boxes may be named `_day`...), or
    the first box for an error with the date as a whole."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        index = field_id.removeprefix(f"{bound_field.auto_id}_") if field_id != bound_field.auto_id else "0"
        if index.isdigit() and int(index) < len(widget.widgets_names):
            return f"{bound_field.auto_id}{widget.widgets_names[int(index)]}"
    return field_id


@register.simple_tag
def hidden_copy(form) -> str:
    """A validated form's submitted values as hidden inputs (without ids, so two
    copies on one page do not clash), to send them on to the next step."""
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((form.add_prefix(name), value) for name in form.fields for value in form.data.getlist(form.add_prefix(name))),
    )


@register.filter
def paragraphs(text: str) -> list[str]:
    """Text split into paragraphs at blank lines, each re-flowed onto one line,
    so hard-wrapped text reflows at any width and text size."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


@register.filter
def policy_html(body) -> str:
    """The policy as written, with an anchor on every clause (policy.text)."""
    from policy.text import policy_html as render

    return render(body)


@register.filter
def clause_links(text) -> str:
    """Text that cites clauses, each linked to the clause on the policy page (policy.text)."""
    from policy.text import clause_links as link

    return link(text)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumb_trail(*steps) -> dict:
    """GOV.UK breadcrumbs on a record page, from its text and address pairs (an address that
    does not start with "/" is a URL name): `{% breadcrumb_trail "Caseload" "caseload" %}`.
    Record pages (household, check, refusal, incident, RIPA authorisation, subject access
    request) carry them; question pages carry a Back link instead (web/form_page.html)."""
    if len(steps) % 2:
        raise template.TemplateSyntaxError("breadcrumb_trail takes text and address pairs")
    pairs = zip(steps[::2], steps[1::2], strict=True)
    return {"steps": [(text, href if str(href).startswith("/") else reverse(href)) for text, href in pairs]}


@register.inclusion_tag("includes/breadcrumbs.html")
def household_breadcrumbs(household) -> dict:
    """The trail on a record page about one household (a check, a refusal): Caseload, then the household."""
    return breadcrumb_trail(
        "Caseload", "caseload", f"Household {household.reference}", reverse("household", args=[household.pk])
    )

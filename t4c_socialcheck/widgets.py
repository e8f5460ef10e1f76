"""Widgets the page forms use in place of Django's own."""

from django import forms


class Textarea(forms.Textarea):
    """Django's textarea, leaving out an aria-describedby with nothing in it:
    crispy-forms-gds needs the key to exist (its character count adds to it), but
    an empty list of ids is invalid HTML.

    Named `Textarea` on purpose: crispy-forms-gds picks a widget's GOV.UK classes
    (`govuk-textarea`, and the error style) by its class name."""

    @classmethod
    def like(cls, widget: forms.Textarea) -> "Textarea":
        textarea = cls(attrs=widget.attrs)
        textarea.is_required = widget.is_required
        return textarea

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if not context["widget"]["attrs"].get("aria-describedby", "").strip():
            context["widget"]["attrs"].pop("aria-describedby", None)
        return context

from django import template

register = template.Library()


@register.filter
def figure_label(key) -> str:
    """A report key (a code, an outcome, a field name) as words; names of platforms and teams stay as they are."""
    text = str(key)
    if text.isupper() or "_" in text or text.islower():
        return text.replace("_", " ").capitalize()
    return text

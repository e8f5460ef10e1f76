"""The policy as written: its sections, its numbered clauses (3.1, 6.1, 7.4 ...) and paragraphs,
each clause with an anchor (`clause-7-4`) that the pages citing it link to.

The body is plain text as the agency wrote it (admin, Policy versions): a line "6. Social Media
Contact:" starts a section, a line "6.1 ..." or "- 6.1 ..." a clause, "- ..." a bullet; lines
that follow a clause without a blank line belong to it. Everything is escaped; only <https://...>
addresses and [text](https://...) links become links.
"""

import re
from pathlib import Path

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

SECTION = re.compile(r"^(\d+)\.?\s+(\S.{0,99})$")
CLAUSE = re.compile(r"^(?:[-*]\s+)?(\d+\.\d+)\s+(.*)$")
BULLET = re.compile(r"^[-*]\s+(.*)$")
AUTOLINK = re.compile(r"&lt;(https?://[^\s&]+)&gt;")
MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
# "clause 6.1", "clauses 6.2 and 6.3", "clauses 7.4–7.9": each number becomes a link.
CITATION = re.compile(r"\b(clauses?)\s+(\d+\.\d+(?:\s*(?:,|and|or|to|–|-)\s*\d+\.\d+)*)")
NUMBER = re.compile(r"\d+\.\d+")


def clause_anchor(number: str) -> str:
    return "clause-" + number.replace(".", "-")


def _inline(text: str) -> str:
    """Escaped text with its links (an empty or "#" target is the text alone)."""
    html = escape(text)
    html = MD_LINK.sub(
        lambda m: (
            f'<a class="govuk-link" href="{m.group(2)}">{m.group(1)}</a>'
            if m.group(2).startswith(("https://", "http://"))
            else m.group(1)
        ),
        html,
    )
    html = AUTOLINK.sub(lambda m: f'<a class="govuk-link app-wrap-anywhere" href="{m.group(1)}">{m.group(1)}</a>', html)
    return EMPHASIS.sub(r"<em>\1</em>", html)


def _blocks(body: str):
    """(kind, number, lines) for each section heading, clause, bullet list item and paragraph."""
    block = None
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        line = line.strip().lstrip("\ufeff")
        if not line:
            if block:
                yield block
            block = None
            continue
        clause, bullet, section = CLAUSE.match(line), BULLET.match(line), SECTION.match(line)
        if clause:
            new = ("clause", clause.group(1), [clause.group(2)])
        elif bullet:
            new = ("bullet", "", [bullet.group(1)])
        elif section and block is None:
            new = ("section", section.group(1), [section.group(2)])
        elif block is not None and block[0] != "section":
            block[2].append(line)
            continue
        else:
            new = ("paragraph", "", [line])
        if block:
            yield block
        block = new
    if block:
        yield block


def policy_html(body: str) -> SafeString:
    """The policy's text as headings, clauses with anchors, lists and paragraphs."""
    parts, in_list = [], False
    for kind, number, lines in _blocks(body):
        text = "\n".join(_inline(line) for line in lines)
        if kind == "bullet" and not in_list:
            parts.append('<ul class="govuk-list govuk-list--bullet">')
            in_list = True
        elif kind != "bullet" and in_list:
            parts.append("</ul>")
            in_list = False
        if kind == "section":
            parts.append(f'<h2 class="govuk-heading-m" id="section-{number}">{number} {text}</h2>')
        elif kind == "clause":
            anchor = clause_anchor(number)
            parts.append(
                f'<p class="govuk-body app-policy-clause" id="{anchor}" tabindex="-1">'
                f'<a class="govuk-link app-policy-clause__number" href="#{anchor}">{number}</a> {text}</p>'
            )
        elif kind == "bullet":
            parts.append(f"<li>{text}</li>")
        else:
            parts.append(f'<p class="govuk-body">{text}</p>')
    if in_list:
        parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped in _inline


def _clause_link(number: str, *, new_tab: bool) -> str:
    href = f"{reverse('policy')}#{clause_anchor(number)}"
    if new_tab:  # from inside a form: what was typed stays where it is
        return str(
            format_html(
                '<a class="govuk-link" href="{}" target="_blank" rel="noopener">{}'
                '<span class="govuk-visually-hidden"> of the policy (opens in new tab)</span></a>',
                href,
                number,
            )
        )
    return str(format_html('<a class="govuk-link" href="{}">{}</a>', href, number))


def clause_links(text: str, *, new_tab: bool = False) -> SafeString:
    """`text`, escaped, with each clause it cites linked to that clause on the policy page."""

    def numbers(match) -> str:
        linked = NUMBER.sub(lambda n: _clause_link(n.group(), new_tab=new_tab), match.group(2))
        return f"{match.group(1)} {linked}"

    return mark_safe(CITATION.sub(numbers, str(escape(text))))  # noqa: S308 - escaped before the links are added


def cites_a_clause(text: str) -> bool:
    return bool(CITATION.search(text or ""))


def agency_policy_text() -> str:
    """The agency's Social Media (Prospective Adopters) policy as written (policy/texts/), for the demo."""
    return (Path(__file__).resolve().parent / "texts" / "social-media-policy.md").read_text(encoding="utf-8")

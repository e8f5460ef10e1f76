"""bench/results.md: a table per section, each headed with when and where it was measured.

A run replaces the sections it ran and keeps every other part of the file as it was, so
`bench/run --only X` updates X's figures without losing the rest. What follows a section's
table, up to the next section, is notes on those figures: it goes when the section is run again.
"""

import re

HEADING = re.compile(r"^## (\w+): ", re.MULTILINE)  # "## checks: Starting a check ..."
PREAMBLE = (
    "# Benchmark results\n\n"
    "Each section is from the run named under its heading. `bench/run --only NAME` runs one section\n"
    "again and replaces only that section here."
)


def section_text(name: str, title: str, measured: str, rows: list[tuple[str, str, str, str]]) -> str:
    """One section: its heading (the --only name first), when and where it ran, its table."""
    return "\n".join(
        [
            f"## {name}: {title}",
            "",
            measured,
            "",
            "| figure | value | target | verdict |",
            "|---|---|---|---|",
            *[f"| {figure} | {value} | {target} | {verdict} |" for figure, value, target, verdict in rows],
        ]
    )


def merged(old: str, new: dict[str, str], order: list[str]) -> str:
    """The text of results.md: `old` (the file as it is, "" if there is none) with the sections
    in `new` put in place of their earlier runs, and the sections in `order`. Text before the
    first section (the title, or a file in another layout) is kept."""
    starts = [match for match in HEADING.finditer(old) if match.group(1) in order]
    ends = [match.start() for match in starts[1:]] + [len(old)] if starts else []
    sections = {match.group(1): old[match.start() : end].strip() for match, end in zip(starts, ends, strict=True)}
    sections.update(new)
    preamble = (old[: starts[0].start()] if starts else old).strip() or PREAMBLE
    return "\n\n".join([preamble, *(sections[name] for name in order if name in sections)]) + "\n"

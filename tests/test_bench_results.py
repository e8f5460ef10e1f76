"""bench/results.md keeps a table per section: a run replaces the sections it ran, and only those."""

from bench.results import PREAMBLE, merged, section_text

ORDER = ["checks", "http", "audit"]


def section(name: str, when: str, value: str) -> str:
    return section_text(name, f"The {name} section", f"Run {when} on vm.", [(f"{name} figure", value, "", "")])


def test_a_section_is_its_heading_when_and_where_and_its_table():
    assert section_text("checks", "Starting a check", "Run 2026-12-07 03:00 on vm.", [("a", "1 ms", "≤ 2", "met")]) == (
        "## checks: Starting a check\n\nRun 2026-12-07 03:00 on vm.\n\n"
        "| figure | value | target | verdict |\n|---|---|---|---|\n| a | 1 ms | ≤ 2 | met |"
    )


def test_a_partial_run_replaces_only_the_sections_it_ran():
    old = merged(
        "",
        {
            "checks": section("checks", "monday", "1") + "\n\nA note on checks.",
            "audit": section("audit", "monday", "2"),
        },
        ORDER,
    )
    new = merged(old, {"audit": section("audit", "tuesday", "3")}, ORDER)
    assert new.startswith(PREAMBLE)
    assert section("checks", "monday", "1") + "\n\nA note on checks." in new
    assert section("audit", "tuesday", "3") in new
    assert new.count("## audit: ") == 1 and "| audit figure | 2 |" not in new


def test_notes_under_a_section_go_when_it_is_run_again():
    old = merged("", {"audit": section("audit", "monday", "2") + "\n\nWhy audit was slow on monday."}, ORDER)
    assert "monday" not in merged(old, {"audit": section("audit", "tuesday", "3")}, ORDER)


def test_sections_stand_in_run_order_whichever_ran_first():
    old = merged("", {"audit": section("audit", "monday", "2")}, ORDER)
    new = merged(old, {"checks": section("checks", "tuesday", "1")}, ORDER)
    assert new.index("## checks: ") < new.index("## audit: ")
    assert "## http: " not in new


def test_running_again_changes_nothing_else():
    old = merged("", {name: section(name, "monday", "1") for name in ORDER}, ORDER)
    assert merged(old, {"http": section("http", "monday", "1")}, ORDER) == old


def test_what_stands_before_the_first_section_is_kept():
    old = "# Benchmark results\n\nAn older table, in no section.\n\n## Notes from a hand-run\n\nText.\n"
    new = merged(old, {"checks": section("checks", "tuesday", "1")}, ORDER)
    assert new.startswith(old.strip() + "\n\n## checks: ")

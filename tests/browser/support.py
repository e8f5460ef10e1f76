"""What the browser tests share: the people and records, signing in, and the
checks made on every page (title, one h1, axe-core at WCAG 2.2 A and AA)."""

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from accounts.models import Role
from consent.models import ConsentText
from platforms.defaults import ensure_default_platforms
from tests.factories import LocalAuthorityFactory, PolicyVersionFactory, TeamFactory, UserFactory

PASSWORD = "correct horse battery staple"
SERVICE = "Social media checks"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def arrive(page, title: str, *, error: bool = False) -> None:
    """The page that loaded is the one expected, titled "Page – Service", with one h1, and passes axe."""
    page.wait_for_load_state("domcontentloaded")
    expected = f"{'Error: ' if error else ''}{title} – {SERVICE}"
    assert page.title() == expected, f"{page.url}: title {page.title()!r}, expected {expected!r}"
    assert page.locator("h1").count() == 1, page.url
    assert_accessible(page)


def seed() -> dict:
    """A team with a worker and a manager who have accepted the policy (tests/factories.py),
    a council, the platforms, the policy and the consent wording."""
    ensure_default_platforms()
    council = LocalAuthorityFactory(name="Staffordshire County Council")
    policy = PolicyVersionFactory(
        version="1",
        title="Social media (prospective adopters) policy",
        body="1. Consent first.\n2. One profile, once.\n3. No dummy or personal accounts.\n4. Do not interact.",
    )
    team = TeamFactory(name="North team")
    worker = UserFactory(username="wren", first_name="Wren", last_name="Adeyemi", password=PASSWORD)
    team.members.add(worker)
    manager = UserFactory(
        username="priya", first_name="Priya", last_name="Chandler", role=Role.MANAGER, password=PASSWORD
    )
    team.managers.add(manager)
    ConsentText.objects.create(
        version="1",
        body="A social worker may look once at one of your social media profiles.",
        easy_read_body="We would like to look at your social media, one time.\nYou can say no.",
        published_at=timezone.now(),
    )
    return {"team": team, "worker": worker, "manager": manager, "council": council, "policy": policy}


# Where each role lands after signing in without a `next` address (web's role homes).
HOME_TITLES = {Role.MANAGER: "Oversight dashboard"}


def sign_in(page, username: str, lands_on: str | None = None) -> None:
    """Sign in through the page; each role lands on its own home (a manager: the dashboard)."""
    if lands_on is None:
        from accounts.models import User

        lands_on = HOME_TITLES.get(User.objects.get(username=username).role, "Your caseload")
    page.goto("/sign-in/")
    arrive(page, "Sign in")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    arrive(page, lands_on)


def fill_date(page, name: str, day) -> None:
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


FOCUS_VISIBLE = """(el) => {
  const shows = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
    || (s.boxShadow && s.boxShadow !== 'none');
  if (shows(getComputedStyle(el))) return true;
  // GOV.UK radios and checkboxes draw their focus ring on the label.
  const label = el.nextElementSibling;
  return !!label && shows(getComputedStyle(label, '::before'));
}"""


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, and check the focus can be seen."""
    target = page.locator(selector).first
    target.wait_for(state="attached")
    handle = target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            assert page.evaluate(FOCUS_VISIBLE, handle), f"{selector} has the focus but shows no focus indicator"
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key on {page.url}")


def assert_axe_rules(page, *rules: str) -> None:
    """axe-core finds nothing under these rules, including best-practice ones the WCAG tags leave
    out (e.g. "region": all content inside a landmark)."""
    results = _axe.run(
        page, options={"runOnly": {"type": "rule", "values": list(rules)}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

No pytest-playwright and never `playwright install`: the browser is the
system's /usr/bin/chromium, installed here with apt-get when missing and
running as root. Without it the tests skip, loudly, unless
SOCIALCHECK_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _install_chromium() -> None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, timeout=600)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
        env=env,
        check=False,
        timeout=900,
    )


def _chromium_or_reason() -> str | None:
    if not CHROMIUM.exists():
        _install_chromium()
    if CHROMIUM.exists():
        return None
    return (
        f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM}, and it could not be installed "
        "(needs root and apt-get). Install it with `sudo apt-get install chromium chromium-driver`. "
        "CI sets SOCIALCHECK_REQUIRE_BROWSER=1, which makes this a failure instead of a skip."
    )


@pytest.fixture(scope="session")
def browser():
    reason = _chromium_or_reason()
    if reason:
        if os.environ.get("SOCIALCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_settings(settings, live_server):
    # The live server speaks plain HTTP on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    return settings


class Watched:
    """A browser context whose pages must raise no script error and fetch
    nothing from anywhere but the app: no CDN, nothing at run time."""

    def __init__(self, browser, base_url: str, *, also: tuple = (), **options):
        self.base_url = base_url
        self.allowed = (base_url, "data:", *also)  # also: another service the test started, e.g. an OpenID provider
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        self.context = browser.new_context(base_url=base_url, **options)
        self.context.set_default_timeout(10_000)
        self.context.on("request", self._request)
        self.context.on("response", self._response)
        self.context.on("page", self._page)

    def _request(self, request) -> None:
        if not request.url.startswith(self.allowed):
            self.elsewhere.append(request.url)

    def _response(self, response) -> None:
        # A page may answer 404 on purpose; its styles and scripts may not.
        if response.request.resource_type != "document" and response.status >= 400:
            self.errors.append(f"{response.url}: {response.status}")

    def _console(self, page, message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{page.url}: {message.text}")

    def _page(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message))

    def close(self) -> None:
        self.context.close()
        assert not self.errors, "script errors:\n" + "\n".join(self.errors)
        assert not self.elsewhere, "fetched from elsewhere:\n" + "\n".join(self.elsewhere)


@pytest.fixture
def watched(browser, live_server, live_settings):
    """Open watched browser contexts; each is checked when the test ends."""
    opened: list[Watched] = []

    def _open(**options) -> Watched:
        context = Watched(browser, live_server.url, **options)
        opened.append(context)
        return context

    yield _open
    for context in opened:
        context.close()


@pytest.fixture
def page(watched):
    return watched(viewport={"width": 1024, "height": 800}).context.new_page()


@pytest.fixture
def screenshot():
    """Save a small PNG of the page to docs/screenshots when SOCIALCHECK_SCREENSHOTS=1."""

    def _take(page, name: str, *, full_page: bool = False) -> None:
        if os.environ.get("SOCIALCHECK_SCREENSHOTS") != "1":
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page, animations="disabled")

    return _take

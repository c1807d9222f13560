"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures (registered for the whole suite in conftest.py):

- `browser_server`: the live server, with a transactional database its thread can see.
- `browser_context`: a fresh browser context (no cookies, desktop viewport); any console
  error, page error or CSP violation in any of its pages fails the test.
- `page`: a page in that context.
- `login_in_browser`: `login_in_browser(context, user, live_server)` signs `user` in by
  giving the context a session cookie (the user must have a TOTP authenticator).

Helpers: `screenshot(page, name)` saves test-artifacts/<name>.png; `assert_accessible(page)`
runs axe-core and fails on serious or critical violations; `allow_browser_errors(page,
regex, ...)` lets a test provoke an error on purpose.

Mark browser tests `@pytest.mark.browser`. Without chromium they skip, loudly.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
NO_CHROMIUM = (
    "BROWSER TESTS SKIPPED: Debian's chromium is not installed (apt-get install -y chromium)"
)
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 667}

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip(NO_CHROMIUM)
    # Playwright's sync API runs an event loop in this thread; Django would otherwise
    # refuse ORM calls from the test body for the rest of the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_server(live_server: Any, transactional_db: None) -> Any:
    """The live server; data created in the test is visible to its thread."""
    return live_server


def _describe_console(message: Any) -> str:
    location = message.location or {}
    return f"console error: {message.text} ({location.get('url', '')})"


class BrowserErrors:
    """Console errors (CSP violations among them) and uncaught page errors of a context."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def add(self, problem: str) -> None:
        self.problems.append(problem)

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]


_ERRORS: dict[int, BrowserErrors] = {}


def watch_for_errors(context: Any) -> BrowserErrors:
    errors = BrowserErrors()
    context.on(
        "console",
        lambda message: errors.add(_describe_console(message)) if message.type == "error" else None,
    )
    context.on("weberror", lambda error: errors.add(f"page error: {error.error}"))
    _ERRORS[id(context)] = errors
    return errors


def allow_browser_errors(page: Any, *patterns: str) -> None:
    """Errors a test provokes on purpose (a 404 page logs its own status, for one)."""
    _ERRORS[id(page.context)].allowed.extend(re.compile(p) for p in patterns)


@pytest.fixture
def browser_context(_chromium: Any, browser_server: Any) -> Iterator[Any]:
    context = _chromium.new_context(viewport=DESKTOP, locale="en-US")
    errors = watch_for_errors(context)
    yield context
    context.close()
    _ERRORS.pop(id(context), None)
    unexpected = errors.unexpected()
    if unexpected:
        pytest.fail("The browser reported errors:\n" + "\n".join(unexpected), pytrace=False)


@pytest.fixture
def page(browser_context: Any) -> Any:
    return browser_context.new_page()


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG under test-artifacts/ (git-ignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)
    path = ARTIFACTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page: Any, *, impacts: tuple[str, ...] = FAILING_IMPACTS) -> list[Any]:
    """Run axe-core in the page; the violations of the given impacts.

    axe is evaluated through the DevTools protocol, which the page's CSP does not
    govern, so the page is checked under its real policy.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


def assert_accessible(page: Any, *, impacts: tuple[str, ...] = FAILING_IMPACTS) -> None:
    violations = axe_violations(page, impacts=impacts)
    if violations:
        lines = []
        for violation in violations:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            lines.append(
                f"{violation['impact']}: {violation['id']}: {violation['help']} [{targets}]"
            )
        pytest.fail(f"axe found problems on {page.url}:\n" + "\n".join(lines), pytrace=False)


def session_cookie_for(user: Any) -> str:
    """A server-side session for `user`, as Django's test client creates it."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def login_in_browser(context: Any, user: Any, live_server: Any) -> None:
    """Sign `user` in within `context` (no login form; MFA must already be set up)."""
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(user),
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


@pytest.fixture(name="login_in_browser")
def _login_in_browser_fixture() -> Callable[[Any, Any, Any], None]:
    """The `login_in_browser` helper, for tests that take it as a fixture."""
    return login_in_browser


@pytest.fixture(name="screenshot")
def _screenshot_fixture() -> Callable[..., Path]:
    """The `screenshot` helper, for tests that take it as a fixture."""
    return screenshot


@pytest.fixture(name="assert_accessible")
def _assert_accessible_fixture() -> Callable[..., None]:
    """The `assert_accessible` helper, for tests that take it as a fixture."""
    return assert_accessible

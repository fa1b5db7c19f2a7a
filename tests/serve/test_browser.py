"""The dashboard in a real headless Chromium (Debian's `chromium`, driven by Playwright's Python API).

Playwright never downloads a browser here: it launches the system Chromium by `executable_path`.
Where Chromium or Playwright is missing the test is skipped, and the session ends with a banner
saying so (see `pytest_terminal_summary` in this folder's conftest). Set DOTTEREL_SCREENSHOTS=DIR
to keep the screenshots it takes.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DOTTEREL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _skip_reason() -> str | None:
    if not CHROMIUM:
        return "no chromium on PATH (apt-get install -y chromium, or set DOTTEREL_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


SKIP = _skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=f"BROWSER TEST SKIPPED: {SKIP}")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    out = Path(os.environ.get("DOTTEREL_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"web-{name}.png"), full_page=True)


def test_dashboard_in_chromium(browser, live_server, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    errors: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url + "/") or url.startswith("data:"):
            route.continue_()
        else:  # nothing may leave the machine: record it and refuse it
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)

    # The timeline draws stacked bars, the map its outline and clusters, the network its arrows.
    assert page.locator("#timeline .barlayer .point").count() > 0
    assert page.locator("#map .scatterlayer .trace").count() == 2
    clusters = page.locator("#map .scatterlayer .trace").nth(1).locator("path.point")
    assert clusters.count() > 3
    assert page.locator("#network .annotation").count() > 0
    rows = page.locator("#events tbody tr")
    total = rows.count()
    assert total > 10
    assert "events from" in page.locator("#stats").inner_text()
    _shot(page, tmp_path, "dashboard")

    # A filter changes the table and the URL, so the view can be shared.
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("document.querySelectorAll('#events tbody tr').length < %d" % total)
    page.wait_for_selector("body:not([data-loading])")
    types = page.locator("#events tbody tr td:nth-child(3)").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    assert "type=ASSAULT" in page.url

    # A row opens its article with the evidence sentence highlighted and the trigger marked.
    first = page.locator("#events tbody tr").first
    trigger = first.locator("td:nth-child(6)").inner_text()
    first.click()
    page.wait_for_selector("#article .evidence")
    assert page.locator("#article .trigger").first.inner_text() == trigger
    assert trigger in page.locator("#article .evidence").all_inner_texts()[0] + "".join(
        page.locator("#article .evidence").all_inner_texts())
    assert page.locator("#article .src").count() + page.locator("#article .tgt").count() > 0
    assert "event=" in page.url
    _shot(page, tmp_path, "article")

    # The shared URL restores the view.
    shared = page.url
    fresh = context.new_page()
    fresh.on("pageerror", lambda exc: errors.append(str(exc)))
    fresh.goto(shared)
    fresh.wait_for_selector("body[data-ready='1']")
    assert fresh.locator("select[name=type]").input_value() == "ASSAULT"
    fresh.wait_for_selector("#article .evidence")
    fresh.close()

    # Clicking a map cluster lists that place's events.
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready='1']")
    point = page.locator("#map .scatterlayer .trace").nth(1).locator("path.point").first
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("new URLSearchParams(location.search).has('bbox')")
    page.wait_for_selector("body:not([data-loading])")
    assert 0 < page.locator("#events tbody tr").count() < total
    assert re.search(r"bbox=[-\d.]+%2C", page.url)
    _shot(page, tmp_path, "map-cluster")

    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == [], f"console errors: {errors}"

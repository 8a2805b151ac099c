"""End to end: ``finder serve`` on a loopback port, a real headless Chromium, a conversation to a route.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright with its executable path: no
browser download. xterm.js draws on canvases, so the screen is read from xterm's own buffer: the page's
``textual.js`` is served through Playwright with one change, the terminal object kept in
``window.__finderTerminal``. The route is then exported: in a served session the browser downloads
the file (nothing is written on the server). A screenshot of the route is kept in ``tests/artifacts/``
(git-ignored).

Without Chromium or Playwright the test skips with the reason; in CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from finder.i18n import tr
from finder.tui.conversation import TYPE_AHEAD_PAUSE

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# One conversation, typed as a helper would: answers in the order the assistant asks; None is a
# checklist answered with its "none of these" button.
ANSWERS: list[str | None] = [
    "douleur du bras depuis son AVC, brulures",  # pain
    None,  # warning signs: none
    "1",  # category: the suggested one
    "3",  # DN4: skip
    "12",  # months
    "7",  # intensity
    None,  # first- and second-line treatments tried: none ticked
    "pregabaline",  # treatments
    "oui",  # refractory
    "adulte",  # age
    "Lyon",  # place
    "100",  # radius
]
TERMINAL = re.compile(r"new (\w+)\.Terminal\(\{allowProposedApi")
SCREEN_JS = """() => {
    const terminal = window.__finderTerminal;
    if (!terminal) return "";
    const buffer = terminal.buffer.active, lines = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
    return lines.join("\\n");
}"""


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must run the browser test: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright_api():
    if not Path(CHROMIUM).exists():
        unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed: pip install -e '.[test]'")
    with sync_playwright() as api:
        yield api


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """``finder serve`` on a free loopback port, in its own process group (the app runs as a child)."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "finder", "--lang", "fr", "serve", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while True:  # listening, and the address with its token printed
            address = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", log.read_text(errors="replace"))
            if address:
                break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"finder serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield address.group(0)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def expose_terminal(route) -> None:
    response = route.fetch()
    script, found = TERMINAL.subn(
        r"window.__finderTerminal = new \1.Terminal({allowProposedApi", response.text(), 1
    )
    assert found == 1, "textual-serve's textual.js changed: cannot find where it creates the terminal"
    route.fulfill(response=response, body=script)


def wait_for(page, predicate, what: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        screen = page.evaluate(SCREEN_JS)
        if predicate(screen):
            return screen
        if time.monotonic() > deadline:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "browser-failure.png"))
            raise AssertionError(f"waited for {what}; the screen shows:\n{screen}")
        page.wait_for_timeout(100)


def input_shows(screen: str, text: str) -> bool:
    """Whether a screen line holds exactly ``text`` (the answer field: nothing else on its line)."""
    return any(line.strip(" ▊▎▏▕▍▌▋█│┃") == text for line in screen.splitlines())


def answer_question(page, answer: str, next_question: str) -> None:
    """Type ``answer`` and Enter, as a person would. On a loaded machine the first key typed while the
    app swaps questions can be lost (reported to the TUI's owner): the field is checked before Enter,
    and cleared and typed again when it does not show the answer."""
    page.wait_for_timeout(250)  # let the new question take the focus
    for attempt in range(3):
        if attempt:
            page.keyboard.press("End")
            for _ in range(60):
                page.keyboard.press("Backspace")
        page.keyboard.type(answer, delay=15)
        try:
            wait_for(page, lambda s: input_shows(s, answer), f"{answer!r} in the answer field", timeout=3)
            break
        except AssertionError:
            if attempt == 2:
                raise
    page.keyboard.press("Enter")
    wait_for(page, lambda s: next_question in s, f"the question after {answer!r}")


def none_of_these(page) -> None:
    """A checklist answered "none of these": from the list, Tab to "confirm", Tab to "none", Enter.

    After a pause, as a person reads the list: keys in the same run as the previous answer's are typed
    ahead, and a checklist never takes them."""
    page.wait_for_timeout(int(TYPE_AHEAD_PAUSE * 1000) + 250)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_a_helper_gets_a_route_in_the_browser(playwright_api, server, tmp_path):
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "profile"),  # a fresh --user-data-dir
        executable_path=CHROMIUM,
        args=LAUNCH_FLAGS,
        viewport={"width": 1280, "height": 860},
        accept_downloads=True,
        downloads_path=str(tmp_path / "downloads"),
    )
    try:
        page = context.new_page()
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        page.route("**/static/js/textual.js", expose_terminal)
        page.goto(server)
        wait_for(page, lambda s: "Question 1/" in s, "the first question")
        # no click: the page gives the terminal the keyboard focus on load (issue 13, item 11)
        for number, answer in enumerate(ANSWERS, start=1):
            if answer is None:
                none_of_these(page)
                wait_for(page, lambda s, n=number: f"Question {n + 1}/" in s, f"the question after {number}")
            else:
                answer_question(page, answer, next_question=f"Question {number + 1}/")
        # the last question is the safety checklist: nothing applies ("none of these")
        none_of_these(page)
        step_title = tr("route.step.sdc_evaluation", language="fr")
        screen = wait_for(page, lambda s: step_title in s and "Lyon" in s, "the route")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "browser-route.png"))
        assert "Traceback" not in screen
        assert hosts == {server.split("/")[2]}, f"the page loaded something from elsewhere: {hosts}"
        # Export in a served session: the browser downloads the file, the server's disk gets nothing.
        downloads: list[dict[str, str]] = []
        context.on(
            "response", lambda r: downloads.append(r.headers) if "/download/" in r.url and r.ok else None
        )
        page.keyboard.press("Control+s")
        wait_for(
            page, lambda s: tr("route_view.export.download_label", language="fr") in s, "the export dialog"
        )
        page.wait_for_timeout(250)  # let the dialog take the focus (keys sent sooner are lost under load)
        with page.expect_download(timeout=30_000) as download_info:
            page.keyboard.press("Tab")  # from the format list to the file name
            page.keyboard.press("Enter")
        download = download_info.value
        assert download.suggested_filename == "parcours-lyon.md"
        # path() waits for the download to finish: a file in the downloads folder may still be growing
        content = Path(download.path()).read_text(encoding="utf-8")
        assert downloads and downloads[0]["content-disposition"] == "attachment; filename=parcours-lyon.md"
        assert "Lyon" in content and tr("route.step.sdc_evaluation", language="fr") in content
        # the whole route, also what the screen shows only after scrolling: central pain, refractory,
        # no contraindication gives an rTMS step
        assert tr("route.step.rtms", language="fr") in content
    finally:
        context.close()

"""Gates that need a real browser: a clean load, no horizontal scrolling, axe-core, the keyboard.

Every function takes a Playwright page (sync API) of Debian's Chromium, opened through
``passaparola.dev.browser``, and returns problems as readable strings; an empty list is a pass.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from passaparola.dev.quality.vnu import PROJECT, ToolMissing

AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Schemes that never leave the machine.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


@dataclass
class LoadWatcher:
    """Listens to one page: console errors, uncaught exceptions, failed and foreign requests.

    Attach it once per page (``watch``), then call ``visit`` for each URL: it returns what went
    wrong while loading that URL.
    """

    base_url: str
    problems: list[str] = field(default_factory=list)
    in_flight: set[int] = field(default_factory=set)
    visit_number: int = 0
    started_during: dict[int, int] = field(default_factory=dict)  # request id -> visit_number

    def watch(self, page) -> None:
        """Start listening to ``page``'s events."""
        own = urlsplit(self.base_url).netloc
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))

        def on_request(request) -> None:
            self.in_flight.add(id(request))
            self.started_during[id(request)] = self.visit_number
            parts = urlsplit(request.url)
            if parts.scheme not in LOCAL_SCHEMES and parts.netloc != own:
                self.problems.append(f"request to another host: {request.url}")

        def on_failed(request) -> None:
            self.in_flight.discard(id(request))
            # A request the previous page had still open (Chromium fetches the favicon late) is
            # cancelled by our own navigation to the next page: that is not a failure of either.
            cancelled_by_leaving = (self.started_during.get(id(request)) != self.visit_number
                                    and "ERR_ABORTED" in str(request.failure))
            if not cancelled_by_leaving:
                self.problems.append(f"failed request: {request.url} ({request.failure})")

        def on_finished(request) -> None:
            self.in_flight.discard(id(request))
            response = request.response()
            if response is not None and response.status >= 400:
                self.problems.append(f"HTTP {response.status}: {request.url}")

        def on_navigated(frame) -> None:
            # A page that sends the visitor on by itself (a moved page's meta refresh) leaves
            # its own document: what it still had open is cancelled by leaving, as above.
            if frame == page.main_frame:
                self.visit_number += 1

        page.on("request", on_request)
        page.on("requestfailed", on_failed)
        page.on("requestfinished", on_finished)
        page.on("framenavigated", on_navigated)

    def visit(self, page, path: str, settle_seconds: float = 0.15, limit_seconds: float = 10) -> list[str]:
        """Load ``path`` and wait until no request is in flight for ``settle_seconds``."""
        self.problems = []
        self.in_flight = set()
        self.visit_number += 1
        response = page.goto(self.base_url + path, wait_until="load")
        if response is None or response.status >= 400:
            self.problems.append(f"HTTP {response.status if response else 'no response'}: {path}")
        # Scripts may fetch after load (a search index, a calendar): wait for the network to calm.
        deadline = time.monotonic() + limit_seconds
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)
            if self.in_flight:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= settle_seconds:
                break
        return list(self.problems)


HORIZONTAL_OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const overflow = root.scrollWidth - width;
  if (overflow <= 0) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5) {
      const parentBox = el.parentElement.getBoundingClientRect();
      if (parentBox.right <= width + 0.5 || el.parentElement === document.body) {
        let name = el.tagName.toLowerCase();
        if (el.id) name += '#' + el.id;
        if (el.classList.length) name += '.' + [...el.classList].join('.');
        culprits.push(name + ' (right edge at ' + Math.round(box.right) + 'px)');
      }
    }
    if (culprits.length >= 5) break;
  }
  return {overflow, width, culprits};
}"""


def horizontal_overflow(page) -> list[str]:
    """A problem when the page scrolls sideways, naming the elements that stick out."""
    result = page.evaluate(HORIZONTAL_OVERFLOW_JS)
    if not result:
        return []
    return [f"scrolls horizontally by {result['overflow']}px at {result['width']}px wide; "
            f"sticking out: {', '.join(result['culprits']) or 'unknown'}"]


def axe_source() -> Path:
    """The pinned axe-core script (npm ``axe-core``)."""
    if not AXE_JS.is_file():
        raise ToolMissing(f"{AXE_JS} is missing: run `npm ci --ignore-scripts` in the project folder")
    return AXE_JS


def axe_violations(page, tags: list[str] | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as loaded (one line per rule and element).

    The script is injected inline, so the page's browser context needs ``bypass_csp=True``.
    """
    page.add_script_tag(path=str(axe_source()))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", tags or WCAG_TAGS)
    problems = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
                            f"at {target}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return problems


# WCAG 2.1 1.4.11 (non-text contrast): a focus indicator needs 3:1 against what is next to it.
FOCUS_CONTRAST = 3.0
# Elements a keyboard user must reach, in DOM order: what the browser's sequential focus
# navigation includes, restricted to elements that are rendered.
TABBABLE_JS = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, ' +
    'summary, iframe, audio[controls], video[controls], [contenteditable=""], ' +
    '[contenteditable=true], [tabindex]';
  const list = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.matches(':disabled') || el.closest('[inert]')) continue;
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && Number(tabindex) < 0) continue;
    if (el.tagName === 'SUMMARY' && el.parentElement.tagName !== 'DETAILS') continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const closedDetails = el.closest('details:not([open])');
    if (closedDetails && el.parentElement !== closedDetails) continue;
    list.push(el);
  }
  window.__passaparolaTabbable = list;
  return list.length;
}"""

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const index = (window.__passaparolaTabbable || []).indexOf(el);
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  const label = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('href') || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 40);
  // Any CSS colour to [r, g, b, a], as the browser itself paints it.
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (color) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  // The colour behind the element: the first ancestor's mostly opaque background colour.
  let behind = [255, 255, 255, 1];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const color = rgba(getComputedStyle(node).backgroundColor);
    if (color[3] >= 0.5) { behind = color; break; }
  }
  // 'auto' is the browser's own focus ring, whose colours change between browser versions.
  const browserDefault = style.outlineStyle === 'auto';
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow !== 'none';
  let contrast = null;
  if (outline) {
    const [a, b] = [luminance(rgba(style.outlineColor)), luminance(behind)].sort((x, y) => x - y);
    contrast = Math.round(((b + 0.05) / (a + 0.05)) * 100) / 100;
  }
  const inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 &&
    box.top < innerHeight && box.left < innerWidth;
  return {index, name: name + ' "' + label + '"', visibleFocus: outline || shadow, browserDefault,
          contrast, inView};
}"""


def keyboard_walk(page, max_presses: int = 400) -> list[str]:
    """Press Tab from the top of the page through every focusable element.

    Each rendered link, button and form field must receive focus in DOM order (no positive
    tabindex, no trap, nothing skipped), show a focus indicator (an outline, with 3:1 contrast
    against the background behind the element, or a box shadow) and be on screen while focused
    (a skip link appears when focused). The browser's own focus ring (``outline-style: auto``)
    is a problem too: its colours change with the browser version, so the theme styles every
    control it ships.
    """
    expected = page.evaluate(TABBABLE_JS)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    problems = []
    for position in range(min(expected, max_presses)):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            problems.append(f"Tab #{position + 1} left the page instead of reaching element "
                            f"#{position + 1} in DOM order")
            break
        if focused["index"] != position:
            if focused["index"] == -1:
                problems.append(f"Tab reached {focused['name']}, which is not rendered as focusable")
            else:
                problems.append(f"Tab #{position + 1} reached {focused['name']}, "
                                f"element #{focused['index'] + 1} in DOM order")
            break
        if not focused["visibleFocus"]:
            problems.append(f"{focused['name']} shows no focus outline")
        elif focused["browserDefault"]:
            problems.append(f"{focused['name']} shows the browser's default focus ring, not the "
                            f"theme's (its look and contrast change with the browser version)")
        elif focused["contrast"] is not None and focused["contrast"] < FOCUS_CONTRAST:
            problems.append(f"{focused['name']}: focus outline contrast {focused['contrast']}:1 "
                            f"against the background, below {FOCUS_CONTRAST}:1")
        if not focused["inView"]:
            problems.append(f"{focused['name']} is off screen while focused")
    return problems

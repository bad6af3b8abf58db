"""Lighthouse-class budgets measured in Chromium on a throttled phone.

For one page: the bytes transferred (images below the fold left out: a visitor only pays for
them when scrolling), the render-blocking stylesheets and scripts, and the Largest Contentful
Paint element; when it is an image, it must be preloaded or loaded eagerly. Budgets are bytes
and counts, never times: the LCP time is reported for information only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from passaparola.dev.browser import PHONE
from passaparola.dev.quality.site import first_page_in_section, section_index

# Limits of the issue: ≤ 200 KB per page, ≤ 1 render-blocking stylesheet, no render-blocking JS.
MAX_TRANSFER_BYTES = 200 * 1024
MAX_BLOCKING_CSS = 1
MAX_BLOCKING_JS = 0
# A mid-range phone on a slow 4G connection (Lighthouse's mobile defaults).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4
PHONE_SCALE = 2

# Keeps the last Largest Contentful Paint candidate; installed before any page script runs.
LCP_OBSERVER_JS = """
window.__passaparolaLcp = null;
new PerformanceObserver((list) => {
  const entries = list.getEntries();
  window.__passaparolaLcp = entries[entries.length - 1];
}).observe({type: 'largest-contentful-paint', buffered: true});
"""

PAGE_FACTS_JS = """() => {
  const abs = (url) => new URL(url, location.href).href;
  const aboveFold = new Set();
  for (const img of document.images) {
    const box = img.getBoundingClientRect();
    if (img.currentSrc && box.bottom > 0 && box.top < innerHeight && box.width > 0) {
      aboveFold.add(img.currentSrc);
    }
  }
  const blocking = performance.getEntriesByType('resource')
    .filter((e) => e.renderBlockingStatus === 'blocking')
    .map((e) => ({url: e.name, kind: e.initiatorType}));
  // Parser-blocking scripts in the head (no defer, async or module), whatever Chromium reports.
  const headScripts = [...document.head.querySelectorAll('script[src]')]
    .filter((s) => !s.defer && !s.async && s.type !== 'module').map((s) => abs(s.src));
  const lcp = window.__passaparolaLcp;
  let lcpFacts = null;
  if (lcp) {
    const el = lcp.element;
    const img = el && el.tagName === 'IMG' ? el : null;
    const preloads = [...document.querySelectorAll('link[rel~=preload][as=image]')];
    const preloaded = !!lcp.url && preloads.some((link) => {
      if (link.href && abs(link.href) === lcp.url) return true;
      const srcset = link.getAttribute('imagesrcset') || '';
      return srcset.split(',').some((c) => c.trim() && abs(c.trim().split(/\\s+/)[0]) === lcp.url);
    });
    lcpFacts = {
      element: el ? el.tagName.toLowerCase() + (el.className ? '.' + [...el.classList].join('.') : '') : '?',
      url: lcp.url || '',
      isImage: !!lcp.url,
      lazy: img ? img.loading === 'lazy' : false,
      preloaded,
      ms: Math.round(lcp.startTime),
    };
  }
  return {aboveFold: [...aboveFold], blocking, headScripts, lcp: lcpFacts};
}"""


@dataclass
class BudgetFigures:
    """What one page costs on the throttled phone."""

    path: str
    transfer_bytes: int = 0
    below_fold_image_bytes: int = 0
    requests: int = 0
    blocking_css: list[str] = field(default_factory=list)
    blocking_js: list[str] = field(default_factory=list)
    lcp_element: str = ""
    lcp_url: str = ""
    lcp_lazy: bool = False
    lcp_preloaded: bool = False
    lcp_ms: int = 0

    def problems(self) -> list[str]:
        """Each budget this page breaks, as a readable line."""
        found = []
        if self.transfer_bytes > MAX_TRANSFER_BYTES:
            found.append(f"{self.path}: transfers {self.transfer_bytes / 1024:.1f} KB, "
                         f"over {MAX_TRANSFER_BYTES // 1024} KB")
        if len(self.blocking_css) > MAX_BLOCKING_CSS:
            found.append(f"{self.path}: {len(self.blocking_css)} render-blocking stylesheets "
                         f"(at most {MAX_BLOCKING_CSS}): {', '.join(self.blocking_css)}")
        if len(self.blocking_js) > MAX_BLOCKING_JS:
            found.append(f"{self.path}: render-blocking scripts: {', '.join(self.blocking_js)}")
        if self.lcp_url and self.lcp_lazy and not self.lcp_preloaded:
            found.append(f"{self.path}: the LCP image {self.lcp_url} is lazy-loaded and not preloaded")
        return found


def measure(browser, base_url: str, path: str) -> BudgetFigures:
    """Load ``path`` once, cold, on a throttled phone and measure what it costs."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=PHONE_SCALE, is_mobile=True,
                                  has_touch=True, bypass_csp=True)
    context.add_init_script(LCP_OBSERVER_JS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    responses: dict[str, tuple[str, str]] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.responseReceived",
           lambda e: responses.__setitem__(e["requestId"], (e["response"]["url"], e.get("type", ""))))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(base_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    facts = page.evaluate(PAGE_FACTS_JS)
    context.close()

    figures = BudgetFigures(path)
    above_fold = set(facts["aboveFold"])
    for request_id, size in sizes.items():
        url, kind = responses.get(request_id, ("", ""))
        figures.requests += 1
        if kind == "Image" and url not in above_fold:
            figures.below_fold_image_bytes += size
        else:
            figures.transfer_bytes += size
    local = lambda url: url.removeprefix(base_url)  # noqa: E731 - a one-line shortener
    for item in facts["blocking"]:
        if item["kind"] == "script" or item["url"].endswith(".js"):
            figures.blocking_js.append(local(item["url"]))
        else:
            figures.blocking_css.append(local(item["url"]))
    figures.blocking_js += [local(u) for u in facts["headScripts"] if local(u) not in figures.blocking_js]
    if facts["lcp"]:
        lcp = facts["lcp"]
        figures.lcp_element, figures.lcp_url = lcp["element"], local(lcp["url"])
        figures.lcp_lazy, figures.lcp_preloaded, figures.lcp_ms = lcp["lazy"], lcp["preloaded"], lcp["ms"]
    return figures


def budget_pages(site_dir: Path, section_slugs: dict[str, str]) -> dict[str, str | None]:
    """The pages the budgets are measured on, by role; None when the build has no such page yet.

    Found in the build, never hard-coded: the first tip, the first event under the events
    section, the reviews section's index.
    """
    return {
        "home": "/",
        "tip": first_page_in_section(site_dir, section_slugs.get("tips", "tips")),
        "event": first_page_in_section(site_dir, section_slugs.get("events", "events")),
        "reviews": section_index(site_dir, section_slugs.get("reviews", "reviews")),
    }

// Search page: load Pagefind's own UI from this site (no third party) and run the query from ?q=.
// A script element from the same origin passes a CSP of script-src 'self'; Pagefind itself needs
// 'wasm-unsafe-eval' too, for its WebAssembly search engine.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  var bundle = root.getAttribute("data-bundle-path");
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onload = function () {
    /* global PagefindUI */
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: bundle,
      baseUrl: root.getAttribute("data-base-url"),
      showImages: false,
      showSubResults: true,
      // No autofocus: keyboard users start, as on every page, from the skip link.
      autofocus: false
    });
    document.documentElement.classList.add("search-ready");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  };
  document.head.appendChild(script);
})();

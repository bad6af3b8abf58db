// Live reload for `invoke serve` only: the preview server adds this script to the pages it
// serves; it is never part of the built site. It asks the server for news of this page (the
// request waits until there is some): a new version of the page reloads it, a failed build shows
// its problems in a banner.
(function () {
  "use strict";
  var script = document.currentScript;
  var params = new URL(script.src).searchParams;
  var shown = Number(params.get("v"));
  var serial = Number(params.get("s"));
  var banner = null;
  var bannerProblems = "";
  var first = true;  // the first question is answered at once: a failed build shows its banner

  function hideBanner() {
    if (banner) {
      banner.remove();
      banner = null;
      bannerProblems = "";
    }
  }

  function showBanner(status) {
    hideBanner();
    banner = document.createElement("div");
    banner.setAttribute("role", "alert");
    banner.id = "passaparola-preview-problems";
    // Styles through the CSSOM: the CSP forbids style attributes written in markup.
    var css = banner.style;
    css.position = "fixed";
    css.left = "0";
    css.right = "0";
    css.bottom = "0";
    css.zIndex = "2147483647";
    css.maxHeight = "50vh";
    css.overflow = "auto";
    css.padding = "1rem";
    css.background = "#7a1020";
    css.color = "#ffffff";
    css.font = "15px/1.45 system-ui, sans-serif";
    var title = document.createElement("strong");
    title.textContent = status.title;
    banner.appendChild(title);
    var list = document.createElement("ul");
    status.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;
      item.style.fontFamily = "ui-monospace, monospace";
      list.appendChild(item);
    });
    banner.appendChild(list);
    document.body.appendChild(banner);
  }

  function poll() {
    var query = (first ? "?" : "?wait=1&") + "page=" +
      encodeURIComponent(window.location.pathname) + "&v=" + shown + "&s=" + serial;
    first = false;
    fetch("/__passaparola/status" + query, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.version !== shown) {
          window.location.reload();
          return;
        }
        serial = status.serial;
        if (status.ok) {
          hideBanner();
        } else if (JSON.stringify(status.problems) !== bannerProblems) {
          showBanner(status);
          bannerProblems = JSON.stringify(status.problems);
        }
        window.setTimeout(poll, 0);
      })
      .catch(function () {
        // The preview server is restarting: try again in a moment.
        window.setTimeout(poll, 1000);
      });
  }

  poll();
})();

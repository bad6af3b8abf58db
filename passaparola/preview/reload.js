// Live reload for `invoke serve` only: the preview server adds this script to the pages it
// serves; it is never part of the built site. It asks the server for the latest build: a new
// build number reloads the page, a failed build shows its problems in a banner.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(new URL(script.src).searchParams.get("build"));
  var banner = null;
  var bannerProblems = "";

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
    fetch("/__passaparola/status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.build !== shown) {
          window.location.reload();
          return;
        }
        if (status.ok) {
          hideBanner();
        } else if (JSON.stringify(status.problems) !== bannerProblems) {
          showBanner(status);
          bannerProblems = JSON.stringify(status.problems);
        }
      })
      .catch(function () { /* the preview server is restarting: try again */ })
      .then(function () { window.setTimeout(poll, 1000); });
  }

  poll();
})();

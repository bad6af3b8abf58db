// Follow page: a "Copy" button beside each feed or calendar address. Without JavaScript the
// addresses are still there to select and copy by hand, so the buttons stay hidden.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-copy-target]");
  if (!buttons.length) return;

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    // Plain http (a local preview): the older way, from the selected field.
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  buttons.forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      input.focus();
      input.select();
      copyText(input).then(function () {
        button.textContent = button.getAttribute("data-copied-text");
        button.setAttribute("data-copied", "");
        window.setTimeout(function () {
          button.textContent = label;
          button.removeAttribute("data-copied");
        }, 2000);
      }, function () { /* the field stays selected: the visitor can copy it by hand */ });
    });
    input.addEventListener("focus", function () { input.select(); });
  });
})();

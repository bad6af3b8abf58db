/* Images and sharing: a "Share…" button using the phone's own share sheet (Web Share API).
   The plain share links work without it; the button is only added where the browser has it. */
(function () {
  "use strict";
  if (!navigator.share) {
    return;
  }
  document.querySelectorAll(".share[data-share-url]").forEach(function (box) {
    var list = box.querySelector(".share-links");
    if (!list) {
      return;
    }
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "share-native";
    button.textContent = box.dataset.shareLabel || "Share";
    button.addEventListener("click", function () {
      navigator.share({ title: box.dataset.shareTitle, url: box.dataset.shareUrl }).catch(function () {
        /* The visitor closed the share sheet: nothing to do. */
      });
    });
    item.appendChild(button);
    list.insertBefore(item, list.firstChild);
  });
})();

// Events: the list was split into upcoming and past when the site was built. A site rebuilt
// rarely would keep showing ended events as upcoming, so move them using the visitor's clock.
(function () {
  "use strict";
  var now = Date.now();
  function ended(item) {
    var end = Date.parse(item.getAttribute("data-event-end"));
    return !isNaN(end) && end <= now;
  }
  var upcoming = document.querySelector("[data-events-upcoming]");
  var past = document.querySelector("[data-events-past]");
  if (upcoming && past) {
    // Upcoming is in date order; prepending each ended one leaves the latest first in the past list.
    Array.prototype.forEach.call(upcoming.querySelectorAll("[data-event-end]"), function (item) {
      if (ended(item)) { past.insertBefore(item, past.firstElementChild); }
    });
    var emptyUpcoming = document.querySelector("[data-events-empty='upcoming']");
    var emptyPast = document.querySelector("[data-events-empty='past']");
    if (emptyUpcoming) { emptyUpcoming.hidden = upcoming.children.length > 0; }
    if (emptyPast) { emptyPast.hidden = past.children.length > 0; }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-events-hide-past] [data-event-end]"),
    function (item) { if (ended(item)) { item.hidden = true; } });
})();

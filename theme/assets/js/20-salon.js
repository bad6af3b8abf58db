// Salon: "Open now / Closed" and today's hours, in the salon's time zone, from the data the build
// wrote in the data-salon-hours attribute. Without JavaScript the header keeps the week's hours.
(function () {
  "use strict";
  var bar = document.querySelector("[data-salon-hours]");
  if (!bar) return;
  var data;
  try {
    data = JSON.parse(bar.getAttribute("data-salon-hours"));
  } catch (error) {
    return;
  }

  // "Now" as the salon sees it: weekday, date and time in its own time zone.
  function salonNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: data.timezone, weekday: "long", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return {
      weekday: parts.weekday.toLowerCase(),
      date: parts.year + "-" + parts.month + "-" + parts.day,
      time: parts.hour + ":" + parts.minute
    };
  }

  var now = salonNow();
  var closure = null;
  (data.closures || []).forEach(function (item) {
    if (!closure && item.start <= now.date && now.date <= item.end) closure = item;
  });
  var ranges = data.week[now.weekday] || [];
  var open = !closure && ranges.some(function (range) {
    return range[0] <= now.time && now.time < range[1];
  });

  var badge = bar.querySelector("[data-salon-badge]");
  var today = bar.querySelector("[data-salon-today]");
  badge.textContent = open ? bar.getAttribute("data-label-open") : bar.getAttribute("data-label-closed");
  badge.className = "salon-badge " + (open ? "is-open" : "is-closed");
  badge.hidden = false;
  if (closure) {
    today.textContent = closure.note;
  } else if (ranges.length) {
    today.textContent = bar.getAttribute("data-label-today") + " " + data.labels[now.weekday];
  } else {
    today.textContent = bar.getAttribute("data-label-closed-today");
  }

  // On the contacts page, point out today's row of the hours table.
  var row = document.querySelector(".salon-hours-table tr[data-day='" + now.weekday + "']");
  if (row && !closure) row.classList.add("is-today");
})();

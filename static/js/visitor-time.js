/* Beside a time shown in the event's zone, the same moment in the visitor's own zone,
   when it differs: "Sat 20 Jan, 10:30 your time (New York)". Without JavaScript the page
   simply shows the event's time. */
(function () {
  "use strict";
  var visitorZone;
  try {
    visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!visitorZone) return;
  var lang = document.documentElement.lang || undefined;
  var format = new Intl.DateTimeFormat(lang, {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    timeZone: visitorZone
  });
  var city = visitorZone.split("/").pop().replace(/_/g, " ");
  document.querySelectorAll("[data-utc][data-zone]").forEach(function (element) {
    var zone = element.dataset.zone;
    var moment = new Date(element.dataset.utc);
    if (isNaN(moment.getTime()) || zone === visitorZone) return;
    var there = new Intl.DateTimeFormat("en", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(moment);
    var here = new Intl.DateTimeFormat("en", {
      timeZone: visitorZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(moment);
    if (there === here) return;  // another name for the same clock
    var line = document.createElement("span");
    line.className = "visitor-time";
    line.textContent = "— " + format.format(moment) + " " + (element.dataset.yourTime || "") + " (" + city + ")";
    element.insertAdjacentElement("afterend", line);
  });
})();

/* "Use my time zone": once clicked, sets the filter form's tz= to the browser's zone and
   submits it, so that the days and times are shown where the visitor lives. Never done
   without the click; without JavaScript the zone is chosen in the menu. */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("[data-my-zone]").forEach(function (button) {
    var form = button.closest("form");
    var select = form && form.querySelector("[name=tz]");
    if (!select) return;
    // Only a zone the menu offers: the browser may name an alias the site refuses.
    var offered = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (!offered || select.value === zone) return;
    button.textContent = button.textContent + " (" + zone.replace(/_/g, " ") + ")";
    button.hidden = false;
    button.addEventListener("click", function () {
      select.value = zone;
      form.submit();
    });
  });
})();

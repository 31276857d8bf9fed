/* "Events near me": the browser's location is asked for only after the click; the
   result fills the filter form's near= field and submits it. */
(function () {
  "use strict";
  document.querySelectorAll("[data-near-me]").forEach(function (button) {
    if (!navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.querySelector("[data-near-me-status]");
      navigator.geolocation.getCurrentPosition(function (position) {
        var form = document.querySelector("form.filters");
        var near = form && form.querySelector("[name=near]");
        if (!near) return;
        near.value = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
        form.submit();
      }, function () {
        if (status) status.textContent = button.dataset.refused || "";
      }, { timeout: 10000 });
    });
  });
})();

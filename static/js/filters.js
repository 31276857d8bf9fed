// The filters' fold (templates/events/_filters.html) is closed by default, for phones;
// on a screen wider than 40rem it opens, as the filters beside the results always were.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 40rem)");
  function follow() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (fold) {
      if (wide.matches) {
        fold.open = true;
      }
    });
  }
  follow();
  wide.addEventListener("change", follow);
})();

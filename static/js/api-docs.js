// /api/docs/: two gaps that Swagger UI (vendored) leaves in an operation once it is
// opened, filled in as it draws them: its parameters' lists of choices have no name a
// screen reader can read (axe: select-name), and its examples scroll sideways out of a
// keyboard's reach (axe: scrollable-region-focusable).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) {
    return;
  }
  function mend() {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll("pre.microlight:not([tabindex])").forEach(function (example) {
      example.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
})();

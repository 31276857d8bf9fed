/* The event page's "Copy the link" button: shown only where the clipboard can be written. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var status = button.parentNode.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
        function () { if (status) { status.textContent = button.getAttribute("data-copied"); } },
        function () { if (status) { status.textContent = button.getAttribute("data-failed"); } }
      );
    });
  });
}());

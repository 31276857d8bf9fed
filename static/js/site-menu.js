// The header's "Menu" fold (templates/base.html): a <details> that works without this
// script. On a wide screen the fold has no control and stays open, also in browsers that
// cannot show a closed disclosure's content; going back to a phone's width closes it.
// Escape closes the open menu on a phone and gives the focus back to its control.
(function () {
  "use strict";
  var menu = document.querySelector("details.site-menu");
  if (!menu) return;
  var toggle = menu.querySelector("summary");
  var wide = window.matchMedia("(min-width: 40rem)");

  function follow() {
    menu.open = wide.matches;
  }

  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  } else if (wide.addListener) {
    wide.addListener(follow);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      toggle.focus();
    }
  });
})();

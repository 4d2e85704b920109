// A table wider than the screen scrolls inside its box (DSFR): keyboard users must be able to
// reach that box to scroll it (RGAA 7.3, axe's scrollable-region-focusable). Every table box
// of the site gets it here, whichever template drew it, named by its caption; whether it
// scrolls depends on the screen, which may turn, so every box is reachable.
(function () {
  "use strict";
  function reachable() {
    var boxes = document.querySelectorAll(".fr-table > table, .fr-table__container");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("tabindex")) return;  // the template made it reachable already
      box.setAttribute("tabindex", "0");
      // A <table> keeps its own role (a region would hide its rows and headers).
      if (box.tagName !== "TABLE") box.setAttribute("role", "region");
      var caption = box.querySelector("caption");
      if (caption && !box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-label", caption.textContent.trim());
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reachable);
  else reachable();
})();

// The one behaviour of every form (issue 22): a form sent with errors opens with a summary of
// them (includes/form_error_summary.html); the focus goes there, so a screen reader reads it
// and the page scrolls to it, however long the page (a reply at the bottom of a thread).
// Each link of the summary puts the focus in its field, not only the scroll.
// A section marked data-focus-on-target (the reply box of a thread) takes the focus into its
// first field when the address names it (#reponse): the « Répondre » links and skip link.
(function () {
  "use strict";

  function field(id) {
    var target = id && document.getElementById(id);
    if (!target) return null;
    if (target.matches("input, select, textarea, button")) return target;
    return target.querySelector("input:not([type=hidden]), select, textarea");
  }

  function focusField(target) {
    if (!target) return false;
    // The label (or legend) above the field stays in view.
    var group = target.closest(".fr-input-group, .fr-select-group, .fr-fieldset, .fr-upload-group, .fr-checkbox-group") || target;
    group.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    return document.activeElement === target;
  }

  function focusSection() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var section = id && document.getElementById(id);
    if (!section || !section.hasAttribute("data-focus-on-target")) return;
    var box = section.querySelector("textarea, input:not([type=hidden]), select");
    if (box) {
      box.focus({ preventScroll: true });
      section.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-error-link]");
    if (!link) return;
    if (focusField(field(link.getAttribute("href").slice(1)))) event.preventDefault();
  });

  window.addEventListener("hashchange", focusSection);

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      return;
    }
    focusSection();
  }

  // With a fragment in the address (#reponse), Chromium scrolls to it until the page has
  // loaded and then clears the focus if the target cannot take it: focus once that is over.
  function later() {
    if (document.readyState === "complete") window.setTimeout(start, 0);
    else window.addEventListener("load", function () { window.setTimeout(start, 0); });
  }

  if (window.location.hash) later();
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

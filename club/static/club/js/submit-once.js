// Double submission: once a form is sent, further clicks on its buttons do nothing.
// The server refuses the duplicate anyway (one-time token); this spares the round trip.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    // Another listener (a confirmation, a validation) may still cancel the submission.
    window.setTimeout(function () {
      if (event.defaultPrevented) return;
      form.dataset.submitting = "1";
      // aria-disabled rather than disabled: the clicked button's name and value are still sent.
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
      // A form whose answer stays on this page (a download) can be sent again later.
      window.setTimeout(function () { release(form); }, 5000);
    }, 0);
  });

  function release(form) {
    delete form.dataset.submitting;
    form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
      button.removeAttribute("aria-disabled");
    });
  }

  // Coming back with the browser's history shows a form that can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(release);
  });
})();

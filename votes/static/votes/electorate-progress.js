// While the worker writes a large electorate, the page follows its progress: it reads itself
// again every two seconds and replaces the progress block; once the electorate is frozen
// (the block is gone), it reloads to show the vote. Without JavaScript, "Actualiser" does it.
(function () {
  "use strict";
  var id = "electorate-progress";
  if (!document.getElementById(id) || !window.fetch || !window.DOMParser) return;
  function refresh() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
        var current = document.getElementById(id);
        if (!fresh) { window.location.reload(); return; }
        if (current) current.replaceWith(fresh);
        window.setTimeout(refresh, 2000);
      })
      .catch(function () { window.setTimeout(refresh, 5000); });
  }
  window.setTimeout(refresh, 2000);
})();

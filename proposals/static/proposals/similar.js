// While a member types a new request's title, show the filed requests closest to it, so that
// they support one instead of filing it twice. Without this script the form still works, and a
// re-rendered form shows the same list from the server.
(function () {
  "use strict";
  var box = document.getElementById("similar-requests");
  var title = document.getElementById("id_title");
  if (!box || !title || !window.fetch) return;
  // Under the title, not above the form: what appears while typing must not move the field.
  var group = title.closest(".fr-input-group");
  if (group) group.after(box);
  var timer = null;
  var asked = "";
  function ask() {
    var text = title.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.length < 8) { box.innerHTML = ""; return; }
    var url = box.dataset.url + "?title=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (asked === text) box.innerHTML = html; })
      .catch(function () {});
  }
  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 400);
  });
})();

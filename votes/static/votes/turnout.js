// Live turnout: the count of participants only, pushed by the server after each vote.
(function () {
  "use strict";
  var node = document.getElementById("turnout");
  if (!node || !window.WebSocket) return;
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var socket = new WebSocket(scheme + window.location.host + node.dataset.wsPath);
  socket.addEventListener("message", function (event) {
    var data = JSON.parse(event.data);
    if (data.type !== "turnout") return;
    // The same rule as the server's gettext: singular for exactly one.
    var template = data.participants === 1
      ? node.dataset.templateOne
      : node.dataset.templateOther;
    node.textContent = template
      .replace("%(participants)s", data.participants)
      .replace("%(electorate)s", data.electorate);
  });
})();

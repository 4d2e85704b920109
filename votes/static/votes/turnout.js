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
    node.textContent = node.dataset.template
      .replace("%(participants)s", data.participants)
      .replace("%(electorate)s", data.electorate);
  });
})();

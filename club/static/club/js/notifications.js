// Unread badge kept live over the person's own socket (ws/me/). Progressive enhancement: without
// this script the badge shows the count of the page load and the list page works as is.
(function () {
  "use strict";
  var link = document.querySelector("[data-notifications-badge]");
  if (!link || !("WebSocket" in window)) return;
  var badge = link.querySelector("[data-notifications-count]");
  var text = link.querySelector("[data-notifications-text]");
  var retry = 0;
  var socket = null;
  var pingTimer = null;
  var CLOSE_UNAUTHENTICATED = 4401;

  function show(count) {
    count = Math.max(0, parseInt(count, 10) || 0);
    if (badge) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    }
    if (text) {
      var label = count === 1 ? link.dataset.labelOne : link.dataset.labelMany;
      var sentence = count + " " + label;
      if (text.textContent !== sentence) text.textContent = sentence;
    }
    link.dataset.unread = String(count);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/me/");
    socket.addEventListener("open", function () {
      retry = 0;
      link.dataset.live = "1";
      pingTimer = window.setInterval(function () {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
      }, 30000);
    });
    socket.addEventListener("message", function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message.type === "notifications.unread") show(message.count);
      // The greeting carries the current count: events missed while offline are caught up.
      if (message.type === "hello" && typeof message.unread === "number") show(message.unread);
    });
    socket.addEventListener("close", function (event) {
      link.dataset.live = "0";
      window.clearInterval(pingTimer);
      if (event.code === CLOSE_UNAUTHENTICATED) return;
      // Reconnect with a growing delay (1 s, 2 s, 4 s... up to 30 s), with some jitter.
      var delay = Math.min(30000, 1000 * Math.pow(2, retry)) * (0.75 + Math.random() / 2);
      retry += 1;
      window.setTimeout(connect, delay);
    });
  }

  connect();
})();

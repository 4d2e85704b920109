// Unread badge kept live over the person's own socket (ws/me/). Progressive enhancement: without
// this script the badge shows the count of the page load and the list page works as is.
// The DSFR copies the header's links into the mobile menu: every copy is updated.
(function () {
  "use strict";
  if (!document.querySelector("[data-notifications-badge]") || !("WebSocket" in window)) return;
  var retry = 0;
  var pingTimer = null;
  var CLOSE_UNAUTHENTICATED = 4401;

  function badges() {
    return document.querySelectorAll("[data-notifications-badge]");
  }

  function mark(live) {
    badges().forEach(function (link) {
      link.dataset.live = live ? "1" : "0";
    });
  }

  // Said once, in the one live region of the page (base.html), and only when it changes.
  var live = document.querySelector("[data-notifications-live]");

  function show(count) {
    count = Math.max(0, parseInt(count, 10) || 0);
    var changed = false;
    badges().forEach(function (link) {
      var badge = link.querySelector("[data-notifications-count]");
      var text = link.querySelector("[data-notifications-text]");
      if (badge) {
        badge.textContent = String(count);
        badge.hidden = count === 0;
      }
      if (text) {
        // The link's own name: « Notifications (2 non lues) », the count said once.
        var short = (count > 1 ? link.dataset.shortMany : link.dataset.shortOne) || "";
        text.textContent = short.replace("%(count)s", String(count));
      }
      if (link.dataset.unread !== String(count)) changed = true;
      link.dataset.unread = String(count);
    });
    if (changed && live) {
      // As in French: "1 notification non lue", "2 notifications non lues".
      var link = badges()[0];
      live.textContent = count + " " + (count > 1 ? link.dataset.labelMany : link.dataset.labelOne);
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/me/");
    socket.addEventListener("open", function () {
      retry = 0;
      mark(true);
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
      mark(false);
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

// Live thread: new, edited and hidden posts appear without reloading; presence count.
// Progressive enhancement only: without this script the page works with plain forms.
(function () {
  "use strict";
  var container = document.getElementById("thread-posts");
  if (!container || !("WebSocket" in window)) return;

  var revision = parseInt(container.dataset.revision || "0", 10);
  var announcer = document.getElementById("thread-announcer");
  var status = document.getElementById("thread-live-status");
  var presence = document.getElementById("presence-count");
  var stateBox = document.getElementById("thread-state");
  var retry = 0;
  var socket = null;
  var pingTimer = null;

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function oldestShown() {
    // Posts older than the page's first one belong to an earlier page.
    var first = container.querySelector(":scope > [data-post-id]");
    return first ? parseInt(first.dataset.postId || "0", 10) - 1 : 0;
  }

  function firstShownAfter(id) {
    var nodes = container.querySelectorAll(":scope > [data-post-id]");
    for (var i = 0; i < nodes.length; i++) {
      if (parseInt(nodes[i].dataset.postId || "0", 10) > id) return nodes[i];
    }
    return null;
  }

  function upsert(post) {
    var node = fragment(post.html);
    if (!node) return;
    var existing = document.getElementById("message-" + post.id);
    if (existing) {
      if (parseInt(existing.dataset.revision || "0", 10) > post.revision) return;
      existing.replaceWith(node);
    } else if (post.id > oldestShown()) {
      // A new post: on the last page, in its place (a caught-up post may be older than
      // one pushed before it), announced on every page. (An edit of a post shown on
      // another page is not ours to show.)
      var empty = document.getElementById("thread-empty");
      if (empty) empty.remove();
      if (container.dataset.lastPage !== "false") {
        container.insertBefore(node, firstShownAfter(post.id));
      }
      var author = node.querySelector("h3");
      if (announcer) {
        announcer.textContent =
          container.dataset.textNew + (author ? " : " + author.textContent.trim() : "");
      }
    }
    if (post.revision > revision) revision = post.revision;
    container.dataset.revision = String(revision);
  }

  function showState(message) {
    var text = null;
    if (message.archived) text = container.dataset.textArchived;
    else if (message.locked) text = container.dataset.textLocked;
    container.dataset.locked = String(Boolean(message.locked));
    container.dataset.archived = String(Boolean(message.archived));
    if (!stateBox || !text) return;
    stateBox.innerHTML = "";
    var box = document.createElement("div");
    box.className = "fr-alert fr-alert--warning fr-alert--sm fr-mb-2w";
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
    stateBox.appendChild(box);
    var form = document.getElementById("reponse");
    if (form) form.hidden = true;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + container.dataset.wsPath);
    socket.addEventListener("open", function () {
      retry = 0;
      // After a lost connection, ask for everything we missed since the last revision we hold.
      socket.send(JSON.stringify({ type: "catch_up", since: revision }));
      pingTimer = window.setInterval(function () {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
      }, 25000);
    });
    socket.addEventListener("message", function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "post") {
        var held = revision;
        upsert(message);
        if (message.revision > held + 1) {
          // A push between ours and this one never came (Redis was down, or the channel
          // layer's at-most-once delivery): fetch what lies between before moving on.
          revision = held;
          container.dataset.revision = String(held);
          socket.send(JSON.stringify({ type: "catch_up", since: held }));
        }
      } else if (message.type === "catch_up") {
        message.posts.forEach(upsert);
        if (message.revision > revision) revision = message.revision;
        document.dispatchEvent(new CustomEvent("thread:live"));
      } else if (message.type === "pong") {
        // Something was not pushed to us (e.g. while the server's Redis was down): catch up.
        if (message.revision > revision) {
          socket.send(JSON.stringify({ type: "catch_up", since: revision }));
        }
        if ((message.archived && container.dataset.archived !== "true") ||
            (message.locked && container.dataset.locked !== "true")) {
          showState(message);
        }
      } else if (message.type === "presence") {
        if (presence) {
          // The same rule as the server's gettext: singular for exactly one.
          var template = message.count === 1
            ? presence.dataset.templateOne
            : presence.dataset.templateOther;
          presence.textContent = template.replace("%(count)s", String(message.count));
        }
        if (status) status.hidden = false;
      } else if (message.type === "state") {
        showState(message);
      }
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(pingTimer);
      if (status) status.hidden = true;
      // 4401: signed out, 4403: no longer allowed. Reloading shows the reason.
      if (event.code === 4401 || event.code === 4403) return;
      retry = Math.min(retry + 1, 6);
      window.setTimeout(connect, 500 * Math.pow(2, retry));
    });
  }

  connect();
})();

// mssmbot's page without reloads: the question form and the vote buttons
// post with fetch and the server's own rendering of the new turn is added to
// the thread. Without JavaScript the same forms post and the page reloads.
"use strict";
(function () {
  var form = document.getElementById("ask");
  var thread = document.getElementById("thread");
  if (!form || !thread || !window.fetch) return;

  function wireVotes(root) {
    root.querySelectorAll("form.vote").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var body = new URLSearchParams(new FormData(f));
        var button = ev.submitter;
        if (button && button.name) body.set(button.name, button.value);
        fetch(f.action, { method: "POST", body: body, headers: { "X-Requested-With": "fetch" } })
          .then(function (r) { return r.text(); })
          .then(function (text) {
            var p = document.createElement("p");
            p.className = "voted";
            p.textContent = text;
            f.replaceWith(p);
          });
      });
    });
  }
  wireVotes(document);

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = form.querySelector("#question");
    if (!input.value.trim()) return;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch("/", { method: "POST", body: new URLSearchParams(new FormData(form)), headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        var conv = r.headers.get("X-Conversation");
        if (conv) form.querySelector("input[name=conversation]").value = conv;
        return r.text();
      })
      .then(function (html) {
        var old = thread.querySelector("#last");
        if (old) old.removeAttribute("id");
        // The server escaped every string of the fragment (html/template).
        var tpl = document.createElement("template");
        tpl.innerHTML = html;
        var node = tpl.content.firstElementChild;
        thread.appendChild(tpl.content);
        if (node) { wireVotes(node); node.scrollIntoView({ block: "nearest" }); }
        input.value = "";
        input.focus();
      })
      .finally(function () { button.disabled = false; });
  });
})();

/* The facilitator's pages: live refresh of sections, projector keys, printing.
   Everything works without this file too: links move between slides and the
   Refresh link reloads the summary. */
(function () {
  "use strict";

  function live(root) {
    var url = root.getAttribute("data-live-url");
    var key = root.getAttribute("data-live-key");
    var every = Math.max(2, parseInt(root.getAttribute("data-live-interval"), 10) || 4) * 1000;
    var busy = false;

    function apply(data) {
      key = data.key;
      root.setAttribute("data-live-key", key);
      Object.keys(data.sections).forEach(function (id) {
        var target = document.getElementById(id);
        if (!target) { return; }
        // Keep open tables open across a refresh.
        var open = target.querySelector("details[open]") !== null;
        target.innerHTML = data.sections[id];
        if (open) {
          var details = target.querySelector("details");
          if (details) { details.open = true; }
        }
      });
      document.querySelectorAll("[data-live-total]").forEach(function (el) {
        el.textContent = data.total_text;
      });
    }

    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "k=" + encodeURIComponent(key), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        cache: "no-store"
      }).then(function (response) {
        if (response.status === 200) { return response.json(); }
        return null;
      }).then(function (data) {
        if (data) { apply(data); }
      }).catch(function () {
        /* A dropped network in the hall: try again at the next tick. */
      }).then(function () { busy = false; });
    }

    window.setInterval(poll, every);
  }

  function projector(slide) {
    function go(attr) {
      var href = slide.getAttribute(attr);
      if (href) { window.location.assign(href); }
    }
    var blank = document.querySelector(".blank");
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var tag = (event.target && event.target.tagName) || "";
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || tag === "BUTTON") { return; }
      var key = event.key;
      var handled = true;
      if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || key === "n" ||
          (key === " " && !event.shiftKey)) {
        go("data-next");
      } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" || key === "p" ||
                 (key === " " && event.shiftKey) || key === "Backspace") {
        go("data-prev");
      } else if (key === "Home") {
        go("data-first");
      } else if (key === "End") {
        go("data-last");
      } else if (key === "Escape") {
        go("data-exit");
      } else if ((key === "b" || key === "." || key === "B") && blank) {
        // Clickers' "blank screen" button: turn the wall dark while the room talks.
        blank.hidden = !blank.hidden;
      } else {
        handled = false;
      }
      if (handled) { event.preventDefault(); }
    });
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var slide = document.querySelector(".slide");
  if (slide) { projector(slide); }
  var root = document.querySelector("[data-live-url]");
  if (root && window.fetch) { live(root); }
})();

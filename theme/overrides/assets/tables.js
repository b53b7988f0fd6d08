// A table wider than the screen scrolls sideways inside its frame (Material's scrollwrap). Such
// a frame is a tab stop, so a keyboard can reach it and scroll it with the arrow keys, and a
// region named after its table, so a screen reader says what it is. A frame that fits is left
// alone: no tab stop to pass through.
//
// The action register holds thousands of tables in entries the browser lays out only when
// shown (content-visibility in headlines.css): measuring them all at once would lay the whole
// page out, for seconds. Those are measured as they come near the screen; the rest at once.
(function () {
  var LAID_OUT_WHEN_SHOWN = ".hl-register-entry";
  function name(table) {
    var caption = table.querySelector("caption");
    if (caption) return caption.textContent.replace(/\s+/g, " ").trim();
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    return "Table: " + headings.join(", ");
  }
  function mark(frames) {
    // All the measuring first, then all the marking: one layout, however many frames.
    var scrolls = frames.map(function (frame) {
      return frame.scrollWidth > frame.clientWidth + 1;
    });
    frames.forEach(function (frame, i) {
      var table = frame.querySelector("table");
      if (table && scrolls[i]) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", name(table));
      } else if (frame.hasAttribute("tabindex")) {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }
  function start() {
    var all = Array.prototype.slice.call(document.querySelectorAll(".md-typeset__scrollwrap"));
    var frames = all.filter(function (frame) {
      return !frame.closest(LAID_OUT_WHEN_SHOWN);
    });
    var later = all.filter(function (frame) {
      return frame.closest(LAID_OUT_WHEN_SHOWN);
    });
    mark(frames);
    // What a resize measures again: those frames, and the register's near the screen.
    var near = new Set(frames);
    var watch = new IntersectionObserver(function (entries) {
      var come = [];
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          near.add(entry.target);
          come.push(entry.target);
        } else {
          near.delete(entry.target);
        }
      });
      if (come.length) mark(come);
    }, { rootMargin: "400px 0px" });
    later.forEach(function (frame) {
      watch.observe(frame);
    });
    var pending = 0;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        mark(Array.from(near));
      }, 150);
    });
  }
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();

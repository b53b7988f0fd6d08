// A table wider than the screen scrolls sideways inside its frame (Material's scrollwrap). Such
// a frame is a tab stop, so a keyboard can reach it and scroll it with the arrow keys, and a
// region named after its table, so a screen reader says what it is. A frame that fits is left
// alone: no tab stop to pass through.
(function () {
  function name(table) {
    var caption = table.querySelector("caption");
    if (caption) return caption.textContent.replace(/\s+/g, " ").trim();
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    return "Table: " + headings.join(", ");
  }
  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (frame) {
      var table = frame.querySelector("table");
      if (table && frame.scrollWidth > frame.clientWidth + 1) {
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
  var pending = 0;
  window.addEventListener("load", mark);
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
})();

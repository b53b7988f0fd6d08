/* The search page: Pagefind's default interface, started with the query from the address
   (?q=...) and keeping the address in step as the reader types, so a search can be shared. */
(function () {
  "use strict";
  var container = document.getElementById("hl-search");
  if (!container || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = new URL("../pagefind/", window.location.href).pathname;
  // A document's own ID is weighted as its title (data-pagefind-weight): let that weight, not
  // how often other pages cite the ID, decide the order (listings also weigh less:
  // LISTING_SEARCH_WEIGHT in render.py). An exact word counts well above a longer one it
  // begins (termSimilarity), so a meeting's ID finds the meeting before its papers, whose IDs
  // extend it.
  var ranking = { termFrequency: 0.3, pageLength: 0.0, termSimilarity: 3.0 };
  // A section found is named by its heading. Where the page has two headings of that name (a
  // paper with a "Summary" under each of two reports), the heading it stands under comes first:
  // "2.2. A Report \u203a Summary".
  function level(anchor) {
    var found = /^h([1-6])$/.exec(anchor.element);
    return found ? Number(found[1]) : 0;
  }
  function nameSections(result) {
    var headings = (result.anchors || []).filter(level);
    var times = {};
    headings.forEach(function (h) { times[h.text] = (times[h.text] || 0) + 1; });
    (result.sub_results || []).forEach(function (sub) {
      var own = sub.anchor;
      if (!own || !level(own) || (times[own.text] || 0) < 2) {
        return;
      }
      var parent = null;  // the nearest heading before it of a higher level
      headings.forEach(function (h) {
        if (h.location < own.location && level(h) < level(own)) {
          parent = h;
        }
      });
      if (parent && level(parent) > 1) {
        sub.title = parent.text + " \u203a " + sub.title;
      }
    });
  }
  var ui = new PagefindUI({
    element: "#hl-search",
    bundlePath: bundle,
    baseUrl: new URL("../", window.location.href).pathname,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
    pageSize: 5,
    ranking: ranking,
    // A meeting's or paper's date follows its title, so that one meeting of a series is told
    // from the next. On the SEC Parties site each page's label is indexed with it (main.html):
    // a reader sees which results are GREEN, never to be shared publicly, before opening them.
    processResult: function (result) {
      if (result.meta && result.meta.title) {
        if (result.meta.date) {
          result.meta.title = result.meta.title + ", " + result.meta.date;
        }
        if (result.meta.classification) {
          result.meta.title = result.meta.title + " \u00b7 " + result.meta.classification;
        }
      }
      nameSections(result);
      return result;
    },
    // A phone's box holds about 20 characters of Pagefind's large type: the long prompt would be
    // cut off mid-word there.
    translations: {
      placeholder: window.matchMedia("(max-width: 30em)").matches
        ? "Search the archive" : "Search meetings, papers, actions and figures"
    }
  });
  // The box is named by the page's heading, "Search", a label the reader sees; the prompt in it
  // is a hint that goes as soon as they type.
  function labelBox() {
    var box = container.querySelector(".pagefind-ui__search-input");
    if (box) {
      box.setAttribute("aria-labelledby", "search");
    }
    return Boolean(box);
  }
  if (!labelBox()) {
    var watch = new MutationObserver(function () {
      if (labelBox()) {
        watch.disconnect();
      }
    });
    watch.observe(container, { childList: true, subtree: true });
  }
  // The interface lists the filters its first results count, and a search counts only the
  // filters whose files have loaded: the query from the address waits for them all (the same
  // module the interface loads, so they load once), or a slow file's filter would be missing
  // until the reader typed again.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    import(bundle + "pagefind.js")
      .then(function (pagefind) { return pagefind.filters(); })
      .catch(function () { return null; })  // the interface reports a failed load itself
      .then(function () { ui.triggerSearch(query); });
  }
  var header = document.getElementById("hl-header-search-q");
  var asked = new URLSearchParams(window.location.search).get("q");
  if (header && asked) {
    header.value = asked;
  }
  container.addEventListener("input", function (event) {
    if (event.target && event.target.classList.contains("pagefind-ui__search-input")) {
      var url = new URL(window.location.href);
      if (event.target.value) {
        url.searchParams.set("q", event.target.value);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url);
    }
  });
})();

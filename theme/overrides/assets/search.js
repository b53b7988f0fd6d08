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
  // A page's other spellings ("OPSG 12 3456", "Data Communications Company" where the page
  // says DCC: render.py's _with_search_terms) are indexed so that a search finds the page, but
  // the page never shows them, so no excerpt may quote them. Pagefind quotes them like any
  // other words, and it weights the IDs as a title, which draws its excerpts to them. Each
  // excerpt that could hold them is chosen again from the words the page shows, the way
  // Pagefind chooses it: the run of EXCERPT_WORDS words with the most matched weight (the
  // middle one of equal runs side by side), its matches marked.
  var EXCERPT_WORDS = 12;  // the interface's excerptLength, below: Pagefind's with sections shown
  var WORDS = /[\r\n\s]+/g;  // as Pagefind splits a page's text into the words it locates
  function spellings(result) {
    return (result.anchors || []).filter(function (anchor) {
      return /^hl-spellings-/.test(anchor.id || "");
    }).map(function (anchor) {
      return [anchor.location, anchor.location + anchor.text.trim().split(WORDS).length];
    });
  }
  function excerptOf(words, weighted, from, to, hidden) {
    var shown = [];
    var at;
    for (at = from; at < to; at++) {
      if (!hidden.some(function (range) { return at >= range[0] && at < range[1]; })) {
        shown.push(at);
      }
    }
    var score = {};
    weighted.forEach(function (word) {
      score[word.location] = (score[word.location] || 0) + word.balanced_score;
    });
    var length = Math.min(EXCERPT_WORDS, shown.length);
    var best = [0];
    if (weighted.length) {
      var sum = 0;
      for (at = 0; at < length; at++) {
        sum += score[shown[at]] || 0;
      }
      var most = sum;
      for (at = 1; at + length <= shown.length; at++) {
        sum += (score[shown[at + length - 1]] || 0) - (score[shown[at - 1]] || 0);
        if (sum > most) {
          most = sum;
          best = [at];
        } else if (sum === most && best[best.length - 1] === at - 1) {
          best.push(at);
        }
      }
    }
    var start = best[Math.floor(best.length / 2)];
    return shown.slice(start, start + length).map(function (word) {
      return word in score ? "<mark>" + words[word] + "</mark>" : words[word];
    }).join(" ");
  }
  function leaveOutSpellings(result) {
    var hidden = spellings(result);
    if (!hidden.length || typeof result.raw_content !== "string") {
      return;
    }
    var words = result.raw_content.split(WORDS);
    function visible(word) {
      return !hidden.some(function (range) { return word.location >= range[0] && word.location < range[1]; });
    }
    result.weighted_locations = (result.weighted_locations || []).filter(visible);
    result.locations = result.weighted_locations.map(function (word) { return word.location; });
    result.excerpt = excerptOf(words, result.weighted_locations, 0, words.length, hidden);
    // A section runs from its heading to the next heading, as Pagefind divides the page.
    var headings = (result.anchors || []).filter(function (anchor) {
      return /h\d/i.test(anchor.element) && /\S/.test(anchor.text || "");
    }).map(function (anchor) { return anchor.location; });
    // The interface lists the sections that matched most words (and the page's excerpt only
    // where words come before its first heading). A section that matched only other spellings
    // is left out, unless no section is left: a page found by another spelling alone shows
    // the opening words of the section that holds it.
    var sections = result.sub_results || [];
    result.sub_results = sections.filter(function (sub) {
      var from = sub.anchor ? sub.anchor.location : 0;
      var to = headings.filter(function (at) { return at > from; }).concat([words.length])
        .reduce(function (a, b) { return Math.min(a, b); });
      if (hidden.some(function (range) { return range[0] < to && range[1] > from; })) {
        sub.weighted_locations = (sub.weighted_locations || []).filter(visible);
        sub.locations = sub.weighted_locations.map(function (word) { return word.location; });
        sub.excerpt = excerptOf(words, sub.weighted_locations, from, to, hidden);
      }
      return sub.locations.length > 0;
    });
    if (!result.sub_results.length && sections.length) {
      result.sub_results = [sections[0]];
    }
  }
  var ui = new PagefindUI({
    element: "#hl-search",
    bundlePath: bundle,
    baseUrl: new URL("../", window.location.href).pathname,
    showSubResults: true,
    excerptLength: EXCERPT_WORDS,
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
      leaveOutSpellings(result);
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
  // The interface lists the filters its latest results count, and a search counts only the
  // filters whose files have loaded, so a slow file's filter would be missing until the reader
  // typed again. The query from the address waits for them all (loaded through the module the
  // interface loads, so each loads once); a search typed before they have all come is counted
  // again once they have, unless the reader has ticked a filter since (their next choice
  // counts afresh).
  var query = new URLSearchParams(window.location.search).get("q");
  import(bundle + "pagefind.js")
    .then(function (pagefind) { return pagefind.filters(); })
    .catch(function () { return null; })  // the interface reports a failed load itself
    .then(function () {
      var box = container.querySelector(".pagefind-ui__search-input");
      if (query) {
        ui.triggerSearch(query);
      } else if (box && box.value && !container.querySelector(".pagefind-ui__filter-checkbox:checked")) {
        ui.triggerFilters({});  // the same search again, filtered by nothing, as it was
      }
    });
  var header = document.getElementById("hl-header-search-q");
  if (header && query) {
    header.value = query;
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

// Filter the action register by status and owner: its entries and the index table's rows
// alike. Without JavaScript every action shows.
(function () {
  function setup() {
    var form = document.querySelector(".hl-register-filter");
    if (!form) return;
    var status = document.getElementById("hl-filter-status");
    var owner = document.getElementById("hl-filter-owner");
    var count = document.getElementById("hl-filter-count");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".hl-register-entry"));
    // The index table's row for each entry (its first link is to the entry's anchor).
    var rows = {};
    Array.prototype.forEach.call(document.querySelectorAll(".hl-register-index tbody tr"), function (row) {
      var link = row.querySelector('a[href^="#"]');
      if (link) rows[decodeURIComponent(link.getAttribute("href").slice(1))] = row;
    });
    // An owner is one whatever the case it is typed in: the list names it once ('SECAS' for
    // 'secas' too), and a link may ask for it in either.
    function same(a, b) {
      return (a || "").toLowerCase() === (b || "").toLowerCase();
    }
    var params = new URLSearchParams(window.location.search);
    status.value = params.get("status") || "";
    var asked = params.get("owner");
    owner.value = "";
    Array.prototype.forEach.call(owner.options, function (option) {
      if (asked && same(option.value, asked)) owner.value = option.value;
    });
    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var s = entry.getAttribute("data-status");
        var matchStatus = !status.value || s === status.value || (status.value === "open" && s === "overdue");
        var matchOwner = !owner.value || same(entry.getAttribute("data-owner"), owner.value);
        entry.hidden = !(matchStatus && matchOwner);
        if (rows[entry.id]) rows[entry.id].hidden = entry.hidden;
        if (!entry.hidden) shown += 1;
      });
      count.textContent = shown + " of " + entries.length + " actions";
    }
    status.addEventListener("change", apply);
    owner.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }
  // Material's instant loading swaps pages without a reload; document$ fires on each.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

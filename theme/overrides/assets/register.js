// Filter the action register by status and owner. Without JavaScript every action shows.
(function () {
  function setup() {
    var form = document.querySelector(".hl-register-filter");
    if (!form) return;
    var status = document.getElementById("hl-filter-status");
    var owner = document.getElementById("hl-filter-owner");
    var count = document.getElementById("hl-filter-count");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".hl-register-entry"));
    var params = new URLSearchParams(window.location.search);
    status.value = params.get("status") || "";
    owner.value = params.get("owner") || "";
    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var s = entry.getAttribute("data-status");
        var matchStatus = !status.value || s === status.value || (status.value === "open" && s === "overdue");
        var matchOwner = !owner.value || entry.getAttribute("data-owner") === owner.value;
        entry.hidden = !(matchStatus && matchOwner);
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

// Search pages: a ticked filter or another sort applies at once (the Apply buttons are there without JavaScript);
// the filters are folded on a phone and open on a wider screen.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-search]").forEach(function (root) {
      root.classList.add("qs-js");
      var form = root.querySelector("form");
      root.querySelectorAll("[data-autosubmit]").forEach(function (input) {
        input.addEventListener("change", function () {
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        });
      });
      var facets = root.querySelector("[data-facets]");
      if (facets) {
        var wide = window.matchMedia("(min-width: 701px)");
        var apply = function () { facets.open = wide.matches; };
        apply();
        wide.addEventListener("change", apply);
        facets.querySelector("summary").addEventListener("click", function (event) {
          if (wide.matches) { event.preventDefault(); } // on a wide screen the filters stay open
        });
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

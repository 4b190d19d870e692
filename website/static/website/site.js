// The public site's few behaviours, kept out of the pages so the Content-Security-Policy allows no inline script.
// Everything here is an enhancement: each page works without it.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  ready(function () {
    // A law's contents start folded on a narrow screen, so the text comes first.
    var toc = document.querySelector(".law-toc__details");
    if (toc && window.matchMedia("(max-width: 60rem)").matches) toc.removeAttribute("open");

    // "Print" buttons.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    // A language menu that applies its choice at once (its button is there for whoever has no script).
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();

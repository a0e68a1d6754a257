// Print buttons: <button type="button" data-print> opens the browser's print dialog.
// The site's header and footer, and anything marked [data-print-hide], stay off the paper.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".site-header, .site-footer, .skip-link, [data-print-hide]")
      .forEach(function (element) { element.classList.add("d-print-none"); });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

// Forms, enhanced (every form works without this file):
// - a page that comes back with an error summary moves focus to it, so a screen reader
//   reads the problems first and a keyboard starts from them;
// - a link in the summary moves focus to its field, not only the scroll position.
(function () {
  "use strict";
  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      var group = field.closest("fieldset") || field.closest(".field") || field;
      group.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

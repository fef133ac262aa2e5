// Forms, enhanced (every form works without this file):
// - a page that comes back with an error summary moves focus to it, so a screen reader
//   reads the problems first and a keyboard starts from them;
// - a link in the summary moves focus to its field, not only the scroll position.
(function () {
  "use strict";
  // A long list of checkboxes gets a box that narrows it as one types (the server renders
  // the box hidden; without JavaScript the whole list stays, sorted by name).
  function fold(text) {
    return text
      .toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0629/g, "\u0647")
      .replace(/\u0649/g, "\u064A");
  }
  function initFilters() {
    document.querySelectorAll("[data-filter-for]").forEach(function (box) {
      var list = document.getElementById(box.getAttribute("data-filter-for"));
      if (!list) return;
      var options = Array.prototype.slice.call(list.children);
      if (options.length <= 12) return;
      box.closest(".list-filter").hidden = false;
      box.addEventListener("input", function () {
        var wanted = fold(box.value.trim());
        options.forEach(function (option) {
          var checked = option.querySelector("input:checked");
          option.hidden = !checked && wanted !== "" && fold(option.textContent).indexOf(wanted) < 0;
        });
      });
    });
  }
  function init() {
    initFilters();
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

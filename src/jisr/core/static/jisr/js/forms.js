// Forms, enhanced (every form works without this file):
// - a page that comes back with an error summary moves focus to it, so a screen reader
//   reads the problems first and a keyboard starts from them;
// - a link in the summary moves focus to its field, not only the scroll position.
(function () {
  "use strict";
  // A long list (checkboxes, a select, or the rows of a table) has a Find box. Without
  // JavaScript its Find button sends the form back and the server narrows the list; here
  // the list narrows as one types, so the button and the box's name go (the box is then
  // never sent, and Enter in another field submits the form as usual).
  function fold(text) {
    return text
      .toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0629/g, "\u0647")
      .replace(/\u0649/g, "\u064A");
  }
  function chosen(option) {
    if (option.tagName === "OPTION") return option.selected || option.value === "";
    var select = option.querySelector("select");
    if (select) return select.value !== "";
    return !!option.querySelector("input:checked");
  }
  function initFilters() {
    document.querySelectorAll("[data-filter-for]").forEach(function (box) {
      var list = document.getElementById(box.getAttribute("data-filter-for"));
      if (!list) return;
      var filter = box.closest(".list-filter");
      filter.querySelectorAll("[data-find-button], [data-find-hint]").forEach(function (el) {
        el.remove();
      });
      box.removeAttribute("name");
      var options = Array.prototype.slice.call(list.tagName === "SELECT" ? list.options : list.children);
      if (options.length <= 12 && box.value === "") {
        filter.hidden = true;
        return;
      }
      function narrow() {
        var words = fold(box.value.trim()).split(/\s+/).filter(Boolean);
        options.forEach(function (option) {
          var text = fold(option.textContent);
          option.hidden = !chosen(option) && !words.every(function (word) {
            return text.indexOf(word) >= 0;
          });
        });
        if (list.tagName === "SELECT") {
          list.querySelectorAll("optgroup").forEach(function (group) {
            group.hidden = !group.querySelector("option:not([hidden])");
          });
        }
      }
      box.addEventListener("input", narrow);
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
      narrow();
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

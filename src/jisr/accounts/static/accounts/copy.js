// A "copy" button for text shown on the page (the two-factor secret). The text is shown
// and selectable without JavaScript; this only adds the button where the clipboard works.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyTarget);
    if (!source) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.dataset.copied;
        setTimeout(function () {
          button.textContent = label;
        }, 2000);
      });
    });
  });
})();

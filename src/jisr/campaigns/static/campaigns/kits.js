// Share kits: a "Copy" button beside each prepared post. Without JavaScript the text sits
// in a read-only box that can be selected and copied by hand; this only adds the button.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyTarget);
    if (!source) {
      return;
    }
    var label = button.textContent;
    var status = document.getElementById(button.dataset.copyStatus);
    function done() {
      button.textContent = button.dataset.copied;
      if (status) {
        status.textContent = button.dataset.copied;
      }
      setTimeout(function () {
        button.textContent = label;
        if (status) {
          status.textContent = "";
        }
      }, 2000);
    }
    function fallback() {
      source.focus();
      source.select();
      if (document.execCommand("copy")) {
        done();
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();

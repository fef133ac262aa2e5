/* "My list" of an outreach ask: the names, nicknames or initials a member wants to remind,
   kept in this browser's localStorage and nowhere else. Nothing here sends anything: no
   fetch, no form submission (the form has no action and its input no name), and the share
   links are the page's own, carrying the prepared message only — never a name. */
(function () {
  "use strict";

  function start() {
    var root = document.querySelector("[data-reach-list]");
    if (!root) return;
    var key = root.getAttribute("data-storage-key");
    var storage;
    try {
      storage = window.localStorage;
      storage.getItem(key);
    } catch (error) {
      return; // storage refused (private mode): the page keeps saying the list cannot work
    }
    var form = root.querySelector("[data-reach-add]");
    var input = form.querySelector("input");
    var list = root.querySelector("[data-reach-entries]");
    var empty = root.querySelector("[data-reach-empty]");
    var template = root.querySelector("template[data-reach-entry]");
    var clear = root.querySelector("[data-reach-clear]");

    function load() {
      try {
        var entries = JSON.parse(storage.getItem(key) || "[]");
        return Array.isArray(entries) ? entries : [];
      } catch (error) {
        return [];
      }
    }

    function save(entries) {
      storage.setItem(key, JSON.stringify(entries));
    }

    function draw() {
      var entries = load();
      list.textContent = "";
      entries.forEach(function (entry, index) {
        var item = template.content.firstElementChild.cloneNode(true);
        item.querySelector("[data-reach-name]").textContent = String(entry.name || "");
        var done = item.querySelector("[data-reach-done]");
        done.checked = Boolean(entry.done);
        done.addEventListener("change", function () {
          var now = load();
          if (now[index]) {
            now[index].done = done.checked;
            save(now);
          }
        });
        item.querySelector("[data-reach-remove]").addEventListener("click", function () {
          var now = load();
          now.splice(index, 1);
          save(now);
          draw();
          input.focus();
        });
        list.appendChild(item);
      });
      empty.hidden = entries.length > 0;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault(); // never leaves the browser
      var name = input.value.trim().slice(0, 60);
      if (name) {
        var entries = load();
        entries.push({ name: name, done: false });
        save(entries);
        draw();
      }
      input.value = "";
      input.focus();
    });

    clear.addEventListener("click", function () {
      storage.removeItem(key);
      draw();
    });

    root.hidden = false;
    var notice = document.querySelector("[data-reach-needs-js]");
    if (notice) notice.hidden = true;
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

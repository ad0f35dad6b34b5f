// Keeps a copy of a task form in this browser (localStorage) while it is being typed, and offers it
// back after a reload or a lost connection. The server-side "Simpan draf" works without this file.
(function () {
  "use strict";
  var SKIP = { csrf_token: 1, _action: 1, _rows: 1, _add_row: 1 };

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function collect(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit" || el.type === "button") return;
      var list = fields[el.name] || (fields[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) list.push(el.value);
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return fields;
  }

  function apply(form, fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in fields) || SKIP[el.name] || el.type === "file" || el.type === "hidden") return;
      var values = fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else {
        el.value = values.shift() || "";
        values.push(el.value);
      }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function blank(fields) {
    return Object.keys(fields).every(function (k) {
      return k.indexOf("__") !== -1 || fields[k].every(function (v) { return v === ""; });
    });
  }

  function keep(form, ls) {
    var key = form.getAttribute("data-keep");
    var timer = null;
    var save = function () {
      var fields = collect(form);
      if (blank(fields)) return;
      ls.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), fields: fields }));
    };
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 400); });
    form.addEventListener("change", save);
    form.addEventListener("submit", save);

    var saved = null;
    try { saved = JSON.parse(ls.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.fields || same(saved.fields, collect(form))) return;
    var box = document.getElementById("local-copy");
    if (!box) return;
    var when = new Date(saved.savedAt);
    box.querySelector(".local-msg").textContent =
      box.getAttribute("data-msg").replace("{when}", isNaN(when) ? "" : when.toLocaleString());
    box.hidden = false;
    document.getElementById("local-restore").addEventListener("click", function () {
      apply(form, JSON.parse(JSON.stringify(saved.fields)));
      box.hidden = true;
    });
    document.getElementById("local-drop").addEventListener("click", function () {
      ls.removeItem(key);
      box.hidden = true;
    });
  }

  function forget(ls) {
    var done = document.querySelectorAll("[data-done-key]");
    Array.prototype.forEach.call(done, function (el) { ls.removeItem(el.getAttribute("data-done-key")); });
    var cleared = document.getElementById("local-clear");
    if (!cleared) return;
    var suffix = ":" + cleared.getAttribute("data-task");
    for (var i = ls.length - 1; i >= 0; i--) {
      var k = ls.key(i);
      if (k && k.indexOf("sopflow-form:") === 0 && k.slice(-suffix.length) === suffix) ls.removeItem(k);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var ls = store();
    if (!ls) return;
    forget(ls);
    var form = document.getElementById("task-form");
    if (form && form.getAttribute("data-keep")) keep(form, ls);
  });
})();

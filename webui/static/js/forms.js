// Task forms without a round trip: "+ Tambah baris" adds exactly one row, "Hapus baris" removes one,
// rupiah amounts get their thousands separators. Without this file the same buttons post the form
// and the server does the same (see webui/schemaforms.py).
(function () {
  "use strict";

  function rowsOf(fieldset) {
    return Array.prototype.filter.call(fieldset.children, function (el) { return el.classList.contains("row"); });
  }

  function renumber(fieldset) {
    var rows = rowsOf(fieldset);
    rows.forEach(function (row, i) {
      var no = row.querySelector(".row-no");
      if (no) { no.textContent = (i + 1) + "."; }
    });
    var count = fieldset.querySelector(":scope > input.row-count");
    if (count) { count.value = rows.length; }
  }

  function swapPrefix(value, from, to, sep) {
    if (value === from) { return to; }
    if (value.indexOf(from + sep) === 0) { return to + value.slice(from.length); }
    return value;
  }

  function rename(root, from, to) {
    var idFrom = "f-" + from.replace(/\./g, "-");
    var idTo = "f-" + to.replace(/\./g, "-");
    [root].concat(Array.prototype.slice.call(root.querySelectorAll("*"))).forEach(function (el) {
      ["name", "value", "data-row", "data-array"].forEach(function (attr) {
        if (el.hasAttribute(attr) && !(attr === "value" && el.tagName !== "BUTTON")) {
          el.setAttribute(attr, swapPrefix(el.getAttribute(attr), from, to, "."));
        }
      });
      ["id", "for", "aria-describedby"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, swapPrefix(el.getAttribute(attr), idFrom, idTo, "-")); }
      });
    });
  }

  function clear(row) {
    row.querySelectorAll("p.error, p.attached").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "hidden" || el.tagName === "BUTTON") { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      else { el.value = ""; }
    });
  }

  function addRow(fieldset) {
    var rows = rowsOf(fieldset);
    var last = rows[rows.length - 1];
    if (!last) { return false; }  // no row to copy: let the server add it
    var name = fieldset.dataset.array;
    var next = rows.reduce(function (max, row) {
      return Math.max(max, parseInt(row.dataset.row.slice(name.length + 1), 10) + 1);
    }, 0);
    var clone = last.cloneNode(true);
    rename(clone, last.dataset.row, name + "." + next);
    clear(clone);
    last.parentNode.insertBefore(clone, last.nextSibling);
    renumber(fieldset);
    var first = clone.querySelector("input:not([type=hidden]), textarea, select");
    if (first) { first.focus(); }
    return true;
  }

  function removeRow(row) {
    var fieldset = row.parentNode;
    if (rowsOf(fieldset).length === 1) { clear(row); } else { row.remove(); }
    renumber(fieldset);
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("button.add-row");
    if (add) {
      if (addRow(add.closest("fieldset.array"))) { event.preventDefault(); }
      return;
    }
    var remove = event.target.closest("button.remove-row");
    if (remove) {
      event.preventDefault();
      removeRow(remove.closest(".row"));
    }
  });

  function groupRupiah(input) {
    var raw = input.value.replace(/^\s*Rp\s*/i, "").trim();
    if (!/^[0-9.]+$/.test(raw)) { return; }  // leave anything else for the server to explain
    var digits = raw.replace(/\./g, "");
    if (digits) { input.value = digits.replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches(".money input")) { groupRupiah(event.target); }
  });
})();

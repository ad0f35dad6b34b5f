// Deploying deliberately: the unsaved diagram is checked and compared with the running version, the
// running instances are counted, and only the analyst's confirmation deploys it.
(function () {
  "use strict";
  var wb = window.sopflowWorkbench, w = wb.words;
  var $ = function (id) { return document.getElementById(id); };
  var dialog = $("deploy-dialog"), token = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function section(title, none, items) {
    var s = el("section", "diff-section");
    s.appendChild(el("h3", "", title));
    if (!items.length) { s.appendChild(el("p", "muted small", none)); return s; }
    var ul = el("ul", "small");
    items.forEach(function (i) { ul.appendChild(el("li", i[0], i[1])); });
    s.appendChild(ul);
    return s;
  }

  function changes(c) {
    return Object.keys(c.changes).map(function (f) { return f + ": " + (c.changes[f][0] || "—") + " → " + (c.changes[f][1] || "—"); }).join("; ");
  }

  var marked = [];
  function outline(d) {
    var canvas = wb.modeler.get("canvas"), registry = wb.modeler.get("elementRegistry");
    marked.forEach(function (m) { canvas.removeMarker(m[0], m[1]); });
    marked = [];
    if (!d) { return; }
    ["elements", "flows"].forEach(function (key) {
      ["added", "changed"].forEach(function (kind) {
        d[key][kind].forEach(function (e) {
          if (registry.get(e.id)) { canvas.addMarker(e.id, "sf-diff-" + kind); marked.push([e.id, "sf-diff-" + kind]); }
        });
      });
    });
  }
  wb.root.addEventListener("sopflow:changed", function () { outline(null); });

  function renderDiff(d) {
    var box = $("deploy-diff");
    box.innerHTML = "";
    outline(d);  // what the new version changes, outlined on the diagram behind the dialog
    if (!d) { return; }
    box.appendChild(el("h3", "", w.diffTitle + " (v" + d.from_version + " → v" + d.to_version + ")"));
    ["elements", "flows"].forEach(function (key) {
      var part = d[key], items = [];
      part.added.forEach(function (e) { items.push(["diff-added", "+ " + e.id + " " + (e.name || "")]); });
      part.removed.forEach(function (e) { items.push(["diff-removed", "− " + e.id + " " + (e.name || "")]); });
      part.changed.forEach(function (c) { items.push(["diff-changed", "~ " + c.id + ": " + changes(c)]); });
      box.appendChild(section(w[key], w[key === "elements" ? "noneElements" : "noneFlows"], items));
    });
    var lanes = d.lanes.added.map(function (n) { return ["diff-added", "+ " + n]; })
      .concat(d.lanes.removed.map(function (n) { return ["diff-removed", "− " + n]; }));
    box.appendChild(section(w.lanes, w.noneLanes, lanes));
    var forms = d.forms.added.map(function (n) { return ["diff-added", "+ " + n]; })
      .concat(d.forms.removed.map(function (n) { return ["diff-removed", "− " + n]; }))
      .concat(d.forms.changed.map(function (f) {
        return ["diff-changed", "~ " + f.path + ": +" + f.fields.added.join(", ") + " −" + f.fields.removed.join(", ") + " ~" + f.fields.changed.join(", ")];
      }));
    box.appendChild(section(w.forms, w.noneForms, forms));
    box.appendChild(section(w.times, w.noneTimes, d.time_standards.map(function (t) {
      return ["diff-changed", t.id + ": " + (t.from || "—") + " → " + (t.to || "—")];
    })));
  }

  $("save").addEventListener("click", function () {
    var out = $("save-result");
    out.className = "";
    out.textContent = w.checking;
    wb.payload().then(function (body) { return wb.post(wb.root.dataset.review, body); }).then(function (res) {
      out.textContent = "";
      token = res.token;
      var check = $("deploy-check");
      check.innerHTML = "";
      check.appendChild(el("p", res.ok ? "ok" : "bad", res.ok ? w.checkOk : w.checkBad));
      var ul = el("ul", "small");
      (res.problems || []).forEach(function (p) {
        ul.appendChild(el("li", p.severity === "error" ? "bad" : "warn", (p.element_id ? "[" + p.element_id + "] " : "") + p.text));
      });
      check.appendChild(ul);
      $("deploy-running").textContent = w.running + (res.running || 0);
      $("deploy-running").dataset.count = String(res.running || 0);
      renderDiff(res.diff);
      $("deploy-confirm").disabled = !res.ok;
      dialog.showModal();
    });
  });

  $("deploy-cancel").addEventListener("click", function () { dialog.close(); token = null; });

  $("deploy-confirm").addEventListener("click", function () {
    if (!token) { return; }
    var url = wb.root.dataset.deploy.replace("__TOKEN__", token), out = $("save-result");
    $("deploy-confirm").disabled = true;
    wb.post(url, { unit: $("deploy-unit").value }).then(function (res) {
      dialog.close();
      out.innerHTML = "";
      if (!res.deployed) {
        out.className = "bad";
        out.textContent = (res.problems || []).map(function (p) { return p.text; }).join("\n") || ("HTTP " + res.httpStatus);
        return;
      }
      out.className = "ok";
      out.dataset.version = res.version;
      out.appendChild(el("span", "", (res.created ? w.deployed : w.unchanged).replace("__V__", res.version) + " "));
      [[res.diff_url, w.seeDiff, "diff-link"], [res.migrate_url, w.seeMigrate, "migrate-link"], [res.modeler_url, w.openNew, "modeler-link"]]
        .forEach(function (l) { var a = el("a", l[2], l[1]); a.href = l[0]; out.appendChild(a); out.appendChild(document.createTextNode(" · ")); });
      out.removeChild(out.lastChild);
      wb.forms = {};
    });
  });
})();

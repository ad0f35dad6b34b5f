// "Coba": the unsaved diagram runs in a throwaway engine on the server; the analyst fills each step's
// form (so picks the gateway branches), moves the trial clock to fire time standards, and sees the
// path on the diagram. Real instances, their audit log and reports are never touched.
(function () {
  "use strict";
  var wb = window.sopflowWorkbench, w = wb.words;
  var $ = function (id) { return document.getElementById(id); };
  var token = null, marked = [];
  var base = wb.root.dataset.coba.replace(/\/start$/, "");

  function mark(diagram) {
    var canvas = wb.modeler.get("canvas"), registry = wb.modeler.get("elementRegistry");
    marked.forEach(function (m) { canvas.removeMarker(m[0], m[1]); });
    marked = [];
    function add(ids, cls) {
      (ids || []).forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, cls); marked.push([id, cls]); } });
    }
    if (!diagram) { return; }
    add(diagram.completed, "sf-done");
    add(diagram.flows, "sf-taken");
    add(diagram.active, "sf-active");
    add(diagram.overdue, "sf-overdue");
  }

  function show(res) {
    if (!res.token) {
      $("coba-message").className = "bad";
      $("coba-message").textContent = w.fixFirst + " " + (res.problems || []).map(function (p) {
        return (p.element_id ? "[" + p.element_id + "] " : "") + p.text;
      }).join("; ");
      $("coba").hidden = false;
      return;
    }
    token = res.token;
    $("coba").hidden = false;
    $("coba").dataset.state = res.state;
    $("coba-now").textContent = res.now_local;
    $("coba-state").textContent = res.state === "completed" ? w.stateCompleted : w.stateRunning;
    $("coba-next").textContent = res.next_timer_due ? w.nextDue + res.next_timer_due_local : w.noTimer;
    var msg = $("coba-message");
    msg.className = res.ok === false ? "bad" : "ok";
    msg.textContent = res.message || (res.state === "completed" ? w.finished : (res.fired ? w.fired + res.fired : ""));
    var box = $("coba-tasks");
    box.innerHTML = "";
    res.tasks.forEach(function (t) {
      var form = document.createElement("form");
      form.className = "card task-form coba-task";
      form.dataset.taskId = t.id;
      form.dataset.elementId = t.element_id;
      var h = document.createElement("h3");
      h.textContent = t.name + " — " + t.lane + (t.overdue ? " ⚠" : "");
      form.appendChild(h);
      var fields = document.createElement("div");
      fields.innerHTML = t.html;  // rendered and escaped by the server's task-form templates
      form.appendChild(fields);
      var button = document.createElement("button");
      button.className = "primary";
      button.textContent = w.complete;
      form.appendChild(button);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var data = new FormData(form);
        var add = e.submitter && e.submitter.name === "_add_row";
        if (add) { return; }
        wb.post(base + "/" + token + "/tasks/" + encodeURIComponent(t.id), data, true).then(show);
      });
      box.appendChild(form);
    });
    var hist = $("coba-history");
    hist.innerHTML = "";
    (res.history || []).forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e.at_local + " · " + e.type_label + (e.name || e.element_id ? " · " + (e.name || e.element_id) : "");
      hist.appendChild(li);
    });
    mark(res.diagram);
  }

  $("coba-start").addEventListener("click", function () {
    $("coba-message").textContent = w.checking;
    $("coba").hidden = false;
    wb.payload().then(function (body) { return wb.post(wb.root.dataset.coba, body); }).then(show);
  });
  $("coba-advance").addEventListener("click", function () {
    if (token) { wb.post(base + "/" + token + "/clock", { hours: parseFloat($("coba-hours").value) || 0 }).then(show); }
  });
  $("coba-next-due").addEventListener("click", function () {
    if (token) { wb.post(base + "/" + token + "/clock", { next: true }).then(show); }
  });
  $("coba-stop").addEventListener("click", function () {
    if (!token) { return; }
    wb.post(base + "/" + token + "/stop", {}).then(function () { token = null; mark(null); $("coba").hidden = true; });
  });
})();

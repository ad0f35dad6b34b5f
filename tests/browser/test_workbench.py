"""The analyst's workbench in a real browser: properties panel, inline problems, form preview,
a trial run of an unsaved change, and a deliberate deploy followed by a migration with a reason."""

from __future__ import annotations

from .conftest import login, shot

MODELER = "/analyst/processes/fx_review/1/modeler"


def open_modeler(page, live):
    login(page, live.url, "analis")
    page.goto(live.url + MODELER)
    page.wait_for_selector("#modeler.ready svg", timeout=20000)
    page.wait_for_selector("#lint-summary[data-errors]", timeout=20000)


def select(page, element_id):
    page.evaluate("""id => { const m = window.sopflowModeler;
        m.get('selection').select(m.get('elementRegistry').get(id)); }""", element_id)


def xml(page) -> str:
    return page.evaluate("() => window.sopflowModeler.saveXML().then(r => r.xml)")


def wait_xml(page, needle: str, tries: int = 50) -> str:
    """The diagram's XML once it contains ``needle`` (panel edits are debounced)."""
    for _ in range(tries):
        text = xml(page)
        if needle in text:
            return text
        page.wait_for_timeout(200)
    raise AssertionError(f"{needle!r} never reached the diagram")


def test_properties_panel_sets_time_standard_and_form(page, live):
    open_modeler(page, live)
    page.click("[data-element-id='fx_draft']")
    due = page.locator("#bio-properties-panel-sopflow-due")
    assert due.input_value() == "PT1H"
    assert page.text_content(".sf-due-words") == "1 jam"
    due.fill("P2D")
    page.wait_for_function("() => document.querySelector('.sf-due-words').textContent === '2 hari'")
    form = page.locator("#bio-properties-panel-sopflow-form")
    assert form.input_value() == "fx/draft.schema.json"
    form.fill("fx/note.schema.json")
    wait_xml(page, "fx/note.schema.json")
    shot(page, "workbench-properties")
    text = xml(page)
    assert ">P2D<" in text and 'value="fx/note.schema.json"' in text and "Waktu 2 hari" in text
    # the lane's role comes from roles.toml
    select(page, "fx_review_lane_kepala")
    assert page.locator("#bio-properties-panel-sopflow-role").input_value() == "kepala"


def test_inline_problem_appears_and_goes_away(page, live):
    open_modeler(page, live)
    assert page.get_attribute("#lint-summary", "data-errors") == "0"
    select(page, "f_ok")
    condition = page.locator("#bio-properties-panel-sopflow-condition")
    assert condition.input_value() == 'keputusan == "setuju"'
    condition.fill("__import__('os').system('id')")
    page.wait_for_selector("[data-expr-status=bad]", timeout=10000)
    badge = page.wait_for_selector(".sf-lint-badge.sf-lint-error[data-element-id=f_ok]", timeout=10000)
    assert "condition not allowed" in page.text_content("#problems") or "Syarat" in page.text_content("#problems")
    assert badge is not None
    shot(page, "workbench-inline-problem")
    select(page, "fx_draft")
    page.click("#problems li[data-element-id=f_ok]")  # the list leads back to the element
    assert page.evaluate("() => window.sopflowModeler.get('selection').get().map(e => e.id)") == ["f_ok"]
    condition.fill('keputusan == "setuju" and len(catatan_koreksi or "") < 500')
    page.wait_for_selector("[data-expr-status=ok]", timeout=10000)
    page.wait_for_selector(".sf-lint-badge[data-element-id=f_ok]", state="detached", timeout=10000)
    assert page.get_attribute("#lint-summary", "data-errors") == "0"


def test_form_preview_follows_the_schema(page, live):
    open_modeler(page, live)
    page.click("[data-element-id='fx_draft']")
    page.wait_for_selector("#form-preview #f-nomor_surat", timeout=10000)
    schema = page.input_value("#fe-schema")
    changed = schema.replace('"jumlah_peserta"', '"perihal": {"type": "string", "title": "Perihal surat"},\n   "jumlah_peserta"')
    page.fill("#fe-schema", changed)
    page.wait_for_selector("#form-preview #f-perihal", timeout=10000)
    assert "Perihal surat" in page.text_content("#form-preview")
    page.check("#fe-sensitive input[data-field=perihal]")
    assert '"x-sensitive": true' in page.input_value("#fe-schema")
    page.wait_for_selector(".sf-sensitive[data-fields=perihal]", timeout=10000)  # the panel lists it too
    page.fill("#fe-ui", '{"ui:order": ["perihal"]}')  # a new UI schema is named on the step
    page.wait_for_function("() => document.querySelector('#form-preview .field input').id === 'f-perihal'")
    wait_xml(page, 'value="fx/draft.uischema.json"')
    page.wait_for_selector("#lint-summary[data-errors='0']")
    shot(page, "workbench-form-preview")
    page.fill("#fe-schema", '{"type": "object", "properties": {"x": {"type": "nonsense"}}}')
    page.wait_for_selector("#fe-problems[data-ok='0'] li", timeout=10000)
    assert "nonsense" in page.text_content("#fe-problems")
    page.fill("#fe-schema", '{"type": "object", "properties": ')
    page.wait_for_function("() => document.querySelector('#fe-problems').textContent.includes('JSON')")


def test_coba_walks_a_changed_diagram_to_its_end(page, live, fx_engine):
    real_instances = len(fx_engine.instances())
    open_modeler(page, live)
    page.click("[data-element-id='fx_draft']")
    page.fill("#bio-properties-panel-sopflow-due", "PT4H")
    page.wait_for_function("() => document.querySelector('.sf-due-words').textContent === '4 jam'")
    page.click("#coba-start")
    page.wait_for_selector(".coba-task[data-element-id=fx_draft]", timeout=20000)
    assert "fx_draft" in page.evaluate("() => [...document.querySelectorAll('.sf-active')].map(e => e.dataset.elementId).join(' ')")
    # move the clock to the changed time standard: it fires after 4 hours, not the deployed 1 hour
    page.fill("#coba-hours", "2")
    page.click("#coba-advance")
    page.wait_for_function("() => document.querySelector('#coba-now').textContent.length > 0")
    assert page.locator(".coba-task[data-element-id=fx_draft] h3").text_content().find("⚠") < 0
    page.click("#coba-next-due")
    page.wait_for_selector(".coba-task[data-element-id=fx_draft] h3:has-text('⚠')", timeout=10000)
    page.fill(".coba-task[data-element-id=fx_draft] #f-nomor_surat", "B/1/2026")
    page.click(".coba-task[data-element-id=fx_draft] button.primary")
    page.wait_for_selector(".coba-task[data-element-id=fx_review_task]", timeout=10000)
    page.check(".coba-task[data-element-id=fx_review_task] input[value=revisi]")
    page.click(".coba-task[data-element-id=fx_review_task] button.primary")
    page.wait_for_selector(".coba-task[data-element-id=fx_draft]", timeout=10000)  # the revise branch
    page.fill(".coba-task[data-element-id=fx_draft] #f-nomor_surat", "B/2/2026")
    page.click(".coba-task[data-element-id=fx_draft] button.primary")
    page.wait_for_selector(".coba-task[data-element-id=fx_review_task]", timeout=10000)
    page.check(".coba-task[data-element-id=fx_review_task] input[value=setuju]")
    page.click(".coba-task[data-element-id=fx_review_task] button.primary")
    page.wait_for_selector("#coba[data-state=completed]", timeout=10000)
    shot(page, "workbench-coba")
    assert page.locator(".coba-task").count() == 0
    assert len(fx_engine.instances()) == real_instances  # nothing reached the real engine
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]
    page.click("#coba-stop")
    page.wait_for_selector("#coba", state="hidden")


def test_deploy_with_confirmation_then_migrate_with_reason(page, live, fx_engine):
    running = fx_engine.start("fx_review", actor="petugas")
    open_modeler(page, live)
    page.click("[data-element-id='fx_draft']")
    page.fill("#bio-properties-panel-name", "Membuat konsep surat pemberitahuan")
    wait_xml(page, "surat pemberitahuan")
    page.click("#save")
    page.wait_for_selector("#deploy-dialog[open]", timeout=20000)
    assert page.get_attribute("#deploy-running", "data-count") == "1"
    assert "fx_draft" in page.text_content("#deploy-diff")
    assert page.locator("#deploy-diff .diff-section p.muted").count() >= 3  # empty sections say what they compared
    shot(page, "workbench-deploy-confirm")
    page.click("#deploy-cancel")
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]  # nothing without confirmation
    page.click("#save")
    page.wait_for_selector("#deploy-dialog[open]", timeout=20000)
    page.click("#deploy-confirm")
    page.wait_for_selector("#save-result.ok a.migrate-link", timeout=20000)
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1, 2]
    page.click("#save-result a.diff-link")
    page.wait_for_selector("#diagram[data-highlighted='1']", timeout=20000)
    assert page.locator(".sf-diff-badge-changed[data-element-id=fx_draft]").count() == 1
    assert "Dibandingkan" in page.text_content("#diff-lanes")
    shot(page, "workbench-diff")
    page.goto(page.url.replace("/diff", "/migrate").split("?")[0] + "?to=2")
    assert page.locator("input[name=instance]").count() == 1
    page.fill("#reason", "Nama langkah diperjelas")
    page.fill("#confirm_count", "1")
    page.click("#migrate-form button.primary")
    page.wait_for_selector("text=dipindah")
    assert fx_engine.instance(running.id).version == 2
    moved = [e for e in fx_engine.history(running.id) if e.type == "instance_migrated"]
    assert moved[0].payload["reason"] == "Nama langkah diperjelas" and moved[0].actor == "analis"
    assert fx_engine.verify(running.id)[0].ok


def test_palette_clear_of_lanes_and_long_labels_fit(page, live):
    open_modeler(page, live)
    palette = page.locator("#modeler .djs-palette").bounding_box()
    pool = page.locator("[data-element-id=fx_review_pool]").bounding_box()
    assert palette["x"] + palette["width"] < pool["x"], (palette, pool)  # lane headers and first tasks uncovered
    before = page.locator("[data-element-id=fx_draft] rect").first.bounding_box()
    select(page, "fx_draft")
    page.fill("#bio-properties-panel-name", "Membuat konsep surat pemberitahuan kegiatan pengamanan "
                                            "untuk disampaikan kepada seluruh mitra dan instansi terkait")
    page.wait_for_function("""() => { const m = window.sopflowModeler;
        return m.get('elementRegistry').get('fx_draft').height > 80; }""", timeout=10000)
    box = page.locator("[data-element-id=fx_draft] rect").first.bounding_box()
    text = page.locator("[data-element-id=fx_draft] text").bounding_box()
    assert box["height"] > before["height"]
    assert text["y"] >= box["y"] and text["y"] + text["height"] <= box["y"] + box["height"] + 1
    assert text["x"] >= box["x"] and text["x"] + text["width"] <= box["x"] + box["width"] + 1
    shot(page, "workbench-long-label")


def test_token_simulation_runs_the_flow(page, live):
    open_modeler(page, live)
    page.click(".bts-toggle-mode")
    pad = page.wait_for_selector(".bts-context-pad", timeout=10000)  # the play button on the start event
    pad.click()
    page.wait_for_selector(".bts-token", timeout=10000)
    shot(page, "workbench-token-simulation")
    page.click(".bts-toggle-mode")


def test_workbench_in_english(page, live):
    login(page, live.url, "analis")
    page.goto(live.url + MODELER + "?lang=en")
    page.wait_for_selector("#modeler.ready svg", timeout=20000)
    page.click("[data-element-id='fx_draft']")
    assert page.text_content(".sf-due-words") == "1 hour"
    assert "Time standard" in page.text_content("#properties")
    assert "Check and deploy" in page.text_content("#save")
    select(page, "fx_review_lane_petugas")
    page.fill("#bio-properties-panel-name", "BUPATI")
    page.wait_for_selector(".sf-lint-badge[data-element-id=fx_review_lane_petugas]", timeout=10000)
    assert "lane 'BUPATI' is not in processes/roles.toml" in page.text_content("#problems")
    page.select_option("#bio-properties-panel-sopflow-role", "petugas")  # the role names the lane again
    page.wait_for_selector(".sf-lint-badge[data-element-id=fx_review_lane_petugas]", state="detached", timeout=10000)
    assert 'name="PETUGAS"' in xml(page)


OVERLAPS = """() => {
  const m = window.sopflowModeler, reg = m.get('elementRegistry');
  const boxes = reg.filter(e => !e.waypoints && e.type !== 'label' && e.parent && e.width !== undefined
      && !['bpmn:Lane', 'bpmn:Participant'].includes(e.type));
  const hit = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const out = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.host === b || b.host === a || a.host && a.host === b.host) { return; }
    if (hit(a, b)) { out.push(a.id + ' x ' + b.id); }
  }));
  return out;
}"""


def test_long_names_in_a_real_sop_overlap_nothing(page, browser, sop_engine):
    from webui import create_app

    from .conftest import LiveServer

    sop_engine.add_user("analis", ["analyst"], "pw")
    server = LiveServer(create_app({"ENGINE": sop_engine, "SECRET_KEY": "b", "LOGIN_LIMIT": "100 per minute"}))
    try:
        login(page, server.url, "analis")
        page.goto(server.url + "/analyst/processes/sop01/1/modeler")
        page.wait_for_selector("#modeler.ready svg", timeout=30000)
        before = page.evaluate(OVERLAPS)
        tasks = page.evaluate("() => window.sopflowModeler.get('elementRegistry')"
                              ".filter(e => e.type === 'bpmn:UserTask').map(e => e.id)")
        long_name = "Menerima, membaca, mengoreksi dan memberikan paraf pada konsep surat pemberitahuan kegiatan"
        for task in tasks:
            page.evaluate("""([id, name]) => { const m = window.sopflowModeler;
                m.get('modeling').updateLabel(m.get('elementRegistry').get(id), name); }""", [task, long_name])
        assert page.evaluate(OVERLAPS) == before  # growing to fit a name never covers a neighbour
        grown = page.evaluate("() => window.sopflowModeler.get('elementRegistry')"
                              ".filter(e => e.type === 'bpmn:UserTask' && e.height > 80).length")
        assert grown > 0
    finally:
        server.stop()


def test_workbench_runs_under_a_strict_csp(page, fx_engine):
    """script-src 'self' without unsafe-eval or unsafe-inline: the bundle and the page scripts still work.
    (Styles need 'unsafe-inline': bpmn-js itself writes style attributes into its canvas and palette.)"""
    from webui import create_app

    from .conftest import LiveServer

    fx_engine.add_user("analis", ["analyst"], "pw")
    app = create_app({"ENGINE": fx_engine, "SECRET_KEY": "csp", "LOGIN_LIMIT": "100 per minute"})

    @app.after_request
    def strict(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; font-src 'self' data:")
        return response

    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    server = LiveServer(app)
    try:
        open_modeler(page, server)
        page.click("[data-element-id='fx_draft']")
        page.fill("#bio-properties-panel-sopflow-due", "P1D")
        page.wait_for_selector(".sf-due-words:has-text('1 hari')")
        page.wait_for_selector("#form-preview #f-nomor_surat", timeout=10000)
        page.click(".bts-toggle-mode")
        page.wait_for_selector(".bts-context-pad", timeout=10000).click()
        page.wait_for_selector(".bts-token", timeout=10000)
        page.click(".bts-toggle-mode")
        page.click("#save")
        page.wait_for_selector("#deploy-dialog[open]", timeout=20000)
        assert refused == []
    finally:
        server.stop()


RENAME_TASKS = """(suffix) => { const m = window.sopflowModeler, reg = m.get('elementRegistry');
  reg.filter(e => e.type === 'bpmn:UserTask').forEach(e =>
    m.get('modeling').updateLabel(e, (e.businessObject.name || '') + suffix)); }"""


def test_renaming_keeps_the_sop_diagrams_clean(page, sop_engine):
    """An analyst who only renames keeps every SOP diagram free of the layout defects that
    engine/checks/diagram.py counts (flows through shapes, overlapping labels, unplaced labels, cut words)."""
    from engine.checks import diagram
    from webui import create_app

    from ..conftest import ROOT
    from .conftest import LiveServer

    sop_engine.add_user("analis", ["analyst"], "pw")
    server = LiveServer(create_app({"ENGINE": sop_engine, "SECRET_KEY": "b", "LOGIN_LIMIT": "100 per minute"}))
    clean = {"crossings": 0, "overlaps": 0, "unplaced": 0, "broken_words": 0}
    try:
        login(page, server.url, "analis")
        for path in sorted((ROOT / "processes").glob("*.bpmn")):
            process_id = path.stem
            if not sop_engine.process_versions(process_id):
                continue
            page.goto(f"{server.url}/analyst/processes/{process_id}/1/modeler")
            page.wait_for_selector("#modeler.ready svg", timeout=30000)
            assert diagram.check(xml(page).encode()) == clean, (process_id, "as opened and saved")
            page.evaluate(RENAME_TASKS, " dan melaporkan hasilnya kepada pimpinan")
            renamed = xml(page).encode()
            assert diagram.check(renamed) == clean, (process_id, "after renaming every task")
    finally:
        server.stop()

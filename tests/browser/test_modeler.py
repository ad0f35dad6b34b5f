"""The analyst renames a task in the in-browser modeler, saves, and gets a new version."""

from __future__ import annotations

from .conftest import login, shot


def test_modeler_rename_save_new_version(page, live, fx_engine):
    earlier = fx_engine.start("fx_review", actor="petugas")
    login(page, live.url, "analis")
    page.goto(f"{live.url}/analyst/processes/fx_review/1/modeler")
    page.wait_for_selector("#modeler.ready svg", timeout=20000)
    page.click("[data-element-id='fx_draft']")
    assert page.input_value("#bio-properties-panel-sopflow-form") == "fx/draft.schema.json"
    header = page.locator(".bio-properties-panel-header-type").inner_text()
    groups = page.locator(".bio-properties-panel-group-header-title").all_inner_texts()
    assert header.lower() == "tugas pengguna" and "Umum" in groups  # bpmn-js's own words in Indonesian too
    page.fill("#bio-properties-panel-name", "Membuat konsep surat pertanggungjawaban")
    # "pertanggungjawaban" is wider than a 100px task in any sans-serif font: the task widens rather than
    # bpmn-js cutting the word
    page.wait_for_function("() => window.sopflowModeler.get('elementRegistry').get('fx_draft').width > 100",
                           timeout=10000)
    page.fill("#bio-properties-panel-sopflow-due", "PT2H")
    page.wait_for_selector(".sf-due-words:has-text('2 jam')")
    page.wait_for_timeout(500)  # the panel applies edits after a short pause
    shot(page, "modeler")
    page.click("#save")
    page.wait_for_selector("#deploy-dialog[open]", timeout=20000)
    page.click("#deploy-confirm")
    page.wait_for_selector("#save-result.ok", timeout=20000)
    versions = fx_engine.process_versions("fx_review")
    assert [v.version for v in versions] == [1, 2]
    assert fx_engine.instance(earlier.id).version == 1
    later = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=later.id)[0]
    assert task.name == "Membuat konsep surat pertanggungjawaban" and fx_engine.instance(later.id).version == 2
    assert (task.due_at - task.created_at).total_seconds() == 7200
    definition = fx_engine.definition("fx_review", 2)
    assert "formJsonSchemaFilename" in definition.bpmn_xml  # the form property survived the round trip

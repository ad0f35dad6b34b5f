"""The instance page lists its steps (done / active / next) so a phone can show them without the diagram."""

from __future__ import annotations

import re


def test_steps_done_active_and_next(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="petugas", data={"nomor_surat": "B/1"})
    auth.login("kepala")
    html = client.get(f"/instances/{inst.id}").data.decode()
    steps = html[html.index('<ol class="steps">'):html.index("</ol>", html.index('<ol class="steps">'))]
    assert re.search(r'class="step done">✔ Membuat konsep', steps)
    assert re.search(r'class="step active">▶ <a href="/tasks/[^"]+">Memeriksa dan paraf</a>', steps)
    # after the review comes either the end or a revision of the draft
    assert re.search(r'class="step next">○ Membuat konsep', steps)
    assert 'href="#diagram-box"' in html and 'id="diagram-box"' in html
    assert "<script>" not in html and "onclick" not in html

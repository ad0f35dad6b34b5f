"""Demo instances at different stages, so every page has something real to show a newcomer.

Seeded once (when the database has no instance yet), as the demo users, by walking the real SOPs
with plausible form data. Times are taken from a clock set in the past, so one instance is
overdue by the time it is seeded, exactly as it would be in use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from ..clock import FixedClock
from ..core import Engine
from ..errors import SopflowError
from ..forms.formfill import sample
from ..records import TaskInfo

DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def walk(engine: Engine, instance_id: str, choices: Mapping[str, Any] | None = None,
         stop: Callable[[TaskInfo], bool] = lambda t: False, max_steps: int = 200,
         between: Callable[[], None] = lambda: None) -> TaskInfo | None:
    """Complete open tasks of an instance in order, each as a user of its lane's role.

    Demo users are named after their role code. Returns the first task ``stop`` accepts (left
    open), or None when the instance finished or ran out of steps.
    """
    acting: list[str] = [""]

    def attach() -> str:
        # Uploaded by the user who fills the form: only an uploader may put a document into a form.
        return engine.attach(DEMO_PDF, actor=acting[0], filename="dokumen-contoh.pdf").ref

    for _ in range(max_steps):
        open_tasks = engine.tasks(instance_id=instance_id)
        if not open_tasks:
            return None
        task = open_tasks[0]
        if stop(task):
            return task
        user = task.assignee or task.role
        detail = engine.task(task.id)
        acting[0] = user
        data = sample(detail.form_schema, choices, attach)
        engine.complete(task.id, actor=user, data=data)
        between()
    return None


#: (kind, village, the step the demo leaves it at): one incident in each branch of SOP-07; the conflict
#: already broken out and the criminal case happen in the same village at once
INCIDENTS = (
    ("bencana_alam", "Kelurahan Kampung Bugis", "sop07_kejadian_s16b_pengamanan_pendataan_bantuan"),
    ("konflik_sosial", "Kelurahan Senggarang", "sop07_kejadian_s17_pra_konflik"),
    ("konflik_pecah", "Kelurahan Tanjung Ayun Sakti", "sop07_kejadian_s18_saat_konflik"),
    ("pidana", "Kelurahan Tanjung Ayun Sakti", "sop07_kejadian_s20b_tptkp"),
)


def _incidents(demo: Engine, reporter: str, step: Callable[[], None]) -> dict[str, str]:
    out = {}
    for kind, village, stop_at in INCIDENTS:
        inst = demo.start("sop07_kejadian", actor=reporter, data={})
        waiting = walk(demo, inst.id, {"jenis_kejadian": kind, "lokasi": village, "keputusan": "setuju"},
                       between=step, stop=lambda t, stop_at=stop_at: t.element_id == stop_at)
        out[f"incident {kind} in {village} (sop07_kejadian)"] = f"{inst.id} at {waiting.element_id if waiting else '-'}"
    return out


def seed_demo(engine: Engine) -> dict[str, str]:
    """Start the demo instances unless the database already has instances."""
    if engine.instances(limit=1):
        return {"demo": "instances exist already; nothing seeded"}
    processes = {p.id: p for p in engine.processes()}
    real_now = engine.clock.now()
    past = FixedClock(real_now - timedelta(days=6))
    demo = Engine(engine.settings, clock=past)
    summary: dict[str, str] = {}

    def step() -> None:
        past.advance(hours=3)

    try:
        if "sop06" in processes:
            inst = demo.start("sop06", actor=processes["sop06"].start_roles[0], data={},
                               title="Undangan rapat koordinasi Kamtibmas Kec. Bukit Bestari")
            walk(demo, inst.id, {"keputusan": "setuju"}, between=step)
            summary["finished (sop06)"] = inst.id
        if "sop07" in processes:
            inst = demo.start("sop07", actor=processes["sop07"].start_roles[0], data={},
                               title="Pembinaan rutin Kel. Sukamaju, Sprin November")
            waiting = walk(demo, inst.id, {"keputusan": "setuju", "rencana_selesai": False}, between=step,
                           stop=lambda t: t.element_id == "sop07_s12_kunjungan")
            summary["visiting by plan (sop07)"] = f"{inst.id} at {waiting.element_id if waiting else '-'}"
        if "sop07_kejadian" in processes:
            starters = processes["sop07_kejadian"].start_roles
            summary.update(_incidents(demo, "bhabinkamtibmas" if "bhabinkamtibmas" in starters else starters[0], step))
        if "sop03" in processes:
            inst = demo.start("sop03", actor=processes["sop03"].start_roles[0], data={},
                               title="Penyuluhan bahaya narkoba SMA 2 Tanjungpinang")
            steps_done = [0]

            def two_steps(task: TaskInfo) -> bool:
                steps_done[0] += 1
                return steps_done[0] > 3

            waiting = walk(demo, inst.id, {"keputusan": "setuju"}, stop=two_steps, between=step)
            summary["overdue (sop03)"] = f"{inst.id} at {waiting.element_id if waiting else '-'}"
        if "fkpm" in processes:  # an activity under way: the three Kanits at work inside its sub-process
            inst = demo.start("fkpm", actor=processes["fkpm"].start_roles[0], data={},
                               title="Mediasi sengketa batas tanah warga Kel. Limba B")
            waiting = walk(demo, inst.id, {"kegiatan": "negosiasi_mediasi"}, between=step,
                           stop=lambda t: t.element_id == "fkpm_b_binkamsa")
            summary["activity under way (fkpm)"] = f"{inst.id} at {waiting.element_id if waiting else '-'}"
        for key in sorted(processes):
            if key in ("sop03", "sop06", "sop07", "sop07_kejadian", "fkpm"):
                continue
            inst = demo.start(key, actor=processes[key].start_roles[0], data={}, title=f"Kegiatan contoh {key.upper()}")
            summary[f"just started ({key})"] = inst.id
        engine.tick(real_now)
    except SopflowError as e:
        summary["stopped"] = str(e)
    finally:
        demo.close()
    return summary

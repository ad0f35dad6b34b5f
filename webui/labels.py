"""Codes said in words in the UI language: audit events ("Tugas diselesaikan", "Keputusan: setuju")
and the states of instances and tasks ("berjalan", "selesai")."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _

from engine.definitions.names import element_names, flow_targets


def event_labels() -> dict[str, str]:
    return {
        "instance_started": _("SOP dimulai"), "task_ready": _("Tugas siap"), "task_claimed": _("Tugas diambil"),
        "task_unclaimed": _("Tugas dilepas"), "task_delegated": _("Tugas dilimpahkan"),
        "task_completed": _("Tugas diselesaikan"), "task_cancelled": _("Tugas dibatalkan"),
        "timer_fired": _("Waktu standar terlewati"), "gateway_taken": _("Keputusan"),
        "instance_completed": _("SOP selesai"), "instance_error": _("Galat"),
        "instance_migrated": _("Dipindah ke versi baru"), "message_received": _("Pesan diterima"),
        "sensitive_read": _("Isian rahasia dibaca"),
    }


def event_label(kind: str) -> str:
    return event_labels().get(kind, kind.replace("_", " "))


def choices_taken(payload: dict[str, Any], bpmn_xml: str) -> list[str]:
    """The branches a gateway took, by the flow's name, else the name of the step it leads to."""
    names, targets = element_names(bpmn_xml), flow_targets(bpmn_xml)
    out = []
    flows = payload.get("flows") or []
    for i, flow in enumerate(flows):
        target = targets.get(flow) or (payload.get("targets") or [""] * len(flows))[i]
        out.append(names.get(flow) or names.get(target) or flow or target)
    return out


def describe(event: dict[str, Any], bpmn_xml: str) -> str:
    """One line for an event: "Keputusan: setuju", "Tugas diselesaikan"."""
    label = event_label(event["type"])
    if event["type"] == "gateway_taken":
        taken = choices_taken(event.get("payload") or {}, bpmn_xml)
        return f"{label}: {', '.join(taken)}" if taken else label
    return label


def state_label(state: str | None) -> str:
    """An instance's or task's state as people say it; an unknown state is shown as it is."""
    labels = {
        "running": _("berjalan"), "completed": _("selesai"), "error": _("galat"), "ready": _("siap"),
        "claimed": _("diambil"), "cancelled": _("dibatalkan"), "waiting": _("menunggu"), "suspended": _("ditangguhkan"),
    }
    return labels.get(state or "", state or "")


def duration_words(iso: str | None) -> str:
    """A time standard as people say it: "PT1H" -> "1 jam", "P2DT4H" -> "2 hari 4 jam"; other text as it is."""
    import re

    match = re.fullmatch(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", iso or "")
    if not iso or not match or not any(match.groups()):
        return iso or ""
    units = (_("minggu"), _("hari"), _("jam"), _("menit"), _("detik"))
    return " ".join(f"{n} {unit}" for n, unit in zip(match.groups(), units) if n)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(state_label=state_label, event_label=event_label)
    app.jinja_env.filters["duration_words"] = duration_words

"""The demo's organisation: the two commands the SOP texts come from, each with a Polsek and two villages.

Polda Kepri (WIB) → Polresta Tanjungpinang → Polsek Bukit Bestari → two kelurahan, and
Polda Gorontalo (WITA) → Polres Gorontalo Kota → Polsek Kota Selatan → two kelurahan. The demo user named
after each role code holds it in Tanjungpinang's units (so "log in as the role code" stays true; ``kapolda``
in Polda Kepri); the same roles in Gorontalo Kota are held by ``<role>_gtk`` (``kapolda_gtk`` in Polda
Gorontalo); each village has its own Bhabinkamtibmas.
"""

from __future__ import annotations

from typing import Any

from ..core import Engine
from ..errors import SopflowError

UNITS = [
    # code, name, kind, parent, time zone
    ("POLRI", "Kepolisian Negara Republik Indonesia", "polri", None, "Asia/Jakarta"),
    ("KEPRI", "Polda Kepulauan Riau", "polda", "POLRI", "Asia/Jakarta"),
    ("TPI", "Polresta Tanjungpinang", "polresta", "KEPRI", ""),
    ("TPI-SATBINMAS", "Sat Binmas Polresta Tanjungpinang", "satbinmas", "TPI", ""),
    ("PS-BUKITBESTARI", "Polsek Bukit Bestari", "polsek", "TPI", ""),
    ("KEL-SUKAMAJU", "Kel. Sukamaju", "kelurahan", "PS-BUKITBESTARI", ""),
    ("KEL-TANJUNGAYUN", "Kel. Tanjung Ayun Sakti", "kelurahan", "PS-BUKITBESTARI", ""),
    ("GTO", "Polda Gorontalo", "polda", "POLRI", "Asia/Makassar"),
    ("GTK", "Polres Gorontalo Kota", "polres", "GTO", ""),
    ("GTK-SATBINMAS", "Sat Binmas Polres Gorontalo Kota", "satbinmas", "GTK", ""),
    ("PS-KOTASELATAN", "Polsek Kota Selatan", "polsek", "GTK", ""),
    ("KEL-LIMBAB", "Kel. Limba B", "kelurahan", "PS-KOTASELATAN", ""),
    ("KEL-BIAWAO", "Kel. Biawao", "kelurahan", "PS-KOTASELATAN", ""),
]
#: where each side's posts are held, by the kind a role is held in
SIDES = {
    "": {"polda": "KEPRI", "polres": "TPI", "polsek": "PS-BUKITBESTARI", "desa": "KEL-SUKAMAJU"},
    "_gtk": {"polda": "GTO", "polres": "GTK", "polsek": "PS-KOTASELATAN", "desa": "KEL-LIMBAB"},
}
#: the second village of each side, with its own Bhabinkamtibmas
SECOND_VILLAGE = {"bhabinkamtibmas2": "KEL-TANJUNGAYUN", "bhabinkamtibmas_gtk2": "KEL-BIAWAO"}
VILLAGE_OFFICERS = {"bhabinkamtibmas": "KEL-SUKAMAJU", "bhabinkamtibmas2": "KEL-TANJUNGAYUN",
                    "bhabinkamtibmas_gtk": "KEL-LIMBAB", "bhabinkamtibmas_gtk2": "KEL-BIAWAO"}


def create_org(engine: Engine, password: str) -> list[str]:
    """Units and demo users with their posts; returns the user names created."""
    from ..org.units import held_in_map

    for code, name, kind, parent, tz in UNITS:
        engine.add_unit(code, name=name, kind=kind, parent=parent, tz=tz)
    held_in = held_in_map(engine.settings.processes_dir / "roles.toml")
    created = []
    for role in engine.roles():
        kind = held_in.get(role.code)
        for suffix, where in SIDES.items():
            if kind is None and suffix:
                continue  # held deployment-wide: one demo user is enough
            post = role.code if kind is None else f"{role.code}@{where['desa' if kind == 'desa' else kind]}"
            side = " (Gorontalo Kota)" if suffix else ""
            engine.add_user(role.code + suffix, [post], password, display_name=f"Demo {role.title_id}{side}")
            created.append(role.code + suffix)
    if "bhabinkamtibmas" in held_in:
        for name, village in SECOND_VILLAGE.items():
            engine.add_user(name, [f"bhabinkamtibmas@{village}"], password,
                            display_name=f"Demo Bhabinkamtibmas {engine.unit(village).name}")
            created.append(name)
    return created


def seed_villages(engine: Engine) -> dict[str, Any]:
    """One incident per village, so each Bhabinkamtibmas sees their own and not the others'."""
    if engine.unit("KEL-SUKAMAJU") is None:
        return {}
    processes = {p.id: p for p in engine.processes()}
    by_officer = [p for p in processes.values() if "bhabinkamtibmas" in p.start_roles]
    summary: dict[str, Any] = {}
    for officer, village in VILLAGE_OFFICERS.items():
        side = "_gtk" if "_gtk" in officer else ""
        name = engine.unit(village).name
        try:
            if by_officer:
                inst = engine.start(by_officer[0].id, actor=officer, unit=village, title=f"Kejadian di {name}")
            elif "sop07" in processes:
                inst = engine.start("sop07", actor=processes["sop07"].start_roles[0] + side, unit=village,
                                    title=f"Kejadian di {name}")
            else:
                continue
        except SopflowError as e:
            summary[f"incident in {village}"] = f"not started: {e}"
            continue
        summary[f"incident in {village}"] = inst.id
    if "fkpm" in processes:
        try:
            summary["fkpm (Gorontalo Kota)"] = engine.start("fkpm", actor="kasat_binmas_gtk", unit="GTK").id
        except SopflowError as e:
            summary["fkpm (Gorontalo Kota)"] = f"not started: {e}"
    return summary

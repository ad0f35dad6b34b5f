"""A national organisation in bulk: 38 Polda, 500 Polres, 5,000 Polsek, 80,000 villages, 60,000 people.

Rows go in with multi-row INSERTs (the engine's own ``add_unit``/``add_user`` would hash 60,000 passwords);
every person gets the same password hash, computed once. The shape follows Polri: per Polres the Sat Binmas
posts and the Kapolres(ta), per Polsek the Kapolsek and Kanit Binmas, and the Bhabinkamtibmas for the rest,
each holding one or two villages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import insert

from engine.store.models import Post, Unit, User, UserRole
from engine.org.users import _hasher

POLRES_ROLES = ("kasat_binmas", "kapolresta", "kbo", "kaur_mintu", "kaur_binops", "sium", "kasium", "pelaks_binluh",
                "kanit_binpolmas", "kanit_binkamsa", "kanit_bintibmas", "kanit_binmas", "kanit_bhabinkamtibmas")
POLSEK_ROLES = ("kapolsek", "kanit_binmas_polsek")
WIDE_ROLES = ("mitra_instansi", "bujp_satpam", "camat_lurah_babinsa", "fkpm")
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


@dataclass
class Org:
    poldas: list[str] = field(default_factory=list)
    #: village code -> (polsek code, polres code, polda code, path)
    villages: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    #: (role, unit) -> a username holding it
    holder: dict[tuple[str, str | None], str] = field(default_factory=dict)
    users: int = 0
    posts: int = 0


def build(db, poldas: int = 38, polres: int = 500, polsek: int = 5000, villages: int = 80000,
          people: int = 60000, seed: int = 13) -> Org:
    rnd = random.Random(seed)
    org = Org()
    now = datetime.now(timezone.utc)
    units: list[dict] = [{"code": "POLRI", "name": "Polri", "kind": "polri", "parent_code": None,
                          "tz": "Asia/Jakarta", "path": "/POLRI/"}]
    polres_rows, polsek_rows = [], []
    for d in range(poldas):
        code = f"PD{d:02d}"
        org.poldas.append(code)
        units.append({"code": code, "name": f"Polda {d}", "kind": "polda", "parent_code": "POLRI",
                      "tz": ZONES[d % 3], "path": f"/POLRI/{code}/"})
    for r in range(polres):
        polda = org.poldas[r % poldas]
        code = f"PR{r:03d}"
        row = {"code": code, "name": f"Polres {r}", "kind": "polresta" if r % 7 == 0 else "polres",
               "parent_code": polda, "tz": "", "path": f"/POLRI/{polda}/{code}/"}
        units.append(row)
        polres_rows.append(row)
    for s in range(polsek):
        parent = polres_rows[s % polres]
        code = f"PS{s:04d}"
        row = {"code": code, "name": f"Polsek {s}", "kind": "polsek", "parent_code": parent["code"], "tz": "",
               "path": f"{parent['path']}{code}/"}
        units.append(row)
        polsek_rows.append(row)
    for v in range(villages):
        parent = polsek_rows[v % polsek]
        code = f"DS{v:05d}"
        path = f"{parent['path']}{code}/"
        units.append({"code": code, "name": f"Desa {v}", "kind": "desa", "parent_code": parent["code"], "tz": "",
                      "path": path})
        parts = path.strip("/").split("/")
        org.villages[code] = (parts[-2], parts[-3], parts[-4], path)
    pw = _hasher().hash("national-benchmark")
    users: list[dict] = []
    posts: list[tuple[str, str, str | None]] = []  # username, role, unit (None: deployment-wide)

    def person(role: str, unit: str | None) -> str:
        name = f"u{len(users):06d}"
        users.append({"id": len(users) + 1, "username": name, "display_name": name, "password_hash": pw,
                      "active": True, "created_at": now})
        posts.append((name, role, unit))
        org.holder.setdefault((role, unit), name)
        return name

    for row in polres_rows:
        for role in POLRES_ROLES:
            person(role, row["code"])
    for row in polsek_rows:
        for role in POLSEK_ROLES:
            person(role, row["code"])
    for role in WIDE_ROLES:
        person(role, None)
    village_codes = list(org.villages)
    left = max(people - len(users), 1)
    for i, code in enumerate(village_codes):
        if i < left:
            name = person("bhabinkamtibmas", code)
        else:  # fewer officers than villages: one holds a second village
            name = org.holder[("bhabinkamtibmas", village_codes[i % left])]
            posts.append((name, "bhabinkamtibmas", code))
            org.holder[("bhabinkamtibmas", code)] = name
    for polda in org.poldas:
        person("auditor", polda)
    rnd.shuffle(users)  # ids stay; insertion order of pages is not by role
    ids = {u["username"]: u["id"] for u in users}
    with db.engine.begin() as conn:
        for chunk in _chunks(sorted(units, key=lambda u: u["path"].count("/"))):
            conn.execute(insert(Unit), chunk)
        for chunk in _chunks(users):
            conn.execute(insert(User), chunk)
        wide = [{"user_id": ids[n], "role": r} for n, r, u in posts if u is None]
        if wide:
            conn.execute(insert(UserRole), wide)
        held = [{"user_id": ids[n], "role": r, "unit_code": u, "started_at": now, "ended_at": None}
                for n, r, u in posts if u is not None]
        for chunk in _chunks(held):
            conn.execute(insert(Post), chunk)
    org.users, org.posts = len(users), len(posts)
    return org


def _chunks(rows: list[dict], size: int = 5000):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]

"""The role catalogue: which role code each lane name stands for (processes/roles.toml)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import DefinitionError
from ..records import RoleInfo

#: Roles that belong to no lane: they use the product rather than carry out SOP steps.
SYSTEM_ROLES: dict[str, tuple[str, str]] = {
    "admin": ("Administrator", "Administrator"),
    "analyst": ("Analis proses", "Process analyst"),
    "auditor": ("Auditor", "Auditor"),
}


def normalize_lane(name: str) -> str:
    """Lane names compare without case, repeated spaces or spaces around '/'."""
    text = re.sub(r"\s+", " ", (name or "").strip().upper())
    return re.sub(r"\s*/\s*", "/", text)


class RoleCatalog:
    def __init__(self, roles: list[RoleInfo]):
        self._roles = {r.code: r for r in roles}
        self._by_lane: dict[str, str] = {}
        for role in roles:
            for lane in role.lanes:
                self._by_lane[normalize_lane(lane)] = role.code

    @classmethod
    def load(cls, path: Path) -> RoleCatalog:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DefinitionError(f"{path}: role catalogue not found") from None
        except tomllib.TOMLDecodeError as e:
            raise DefinitionError(f"{path}: not valid TOML: {e}") from None
        roles = []
        for code, entry in (data.get("roles") or {}).items():
            roles.append(
                RoleInfo(
                    code=code,
                    title_id=str(entry.get("id", code)),
                    title_en=str(entry.get("en", code)),
                    lanes=[str(x) for x in entry.get("lanes", [])],
                    external=bool(entry.get("external", False)),
                    stand_ins=[str(x) for x in entry.get("stand_ins", [])],
                    starts_for=[str(x) for x in entry.get("starts_for", [])],
                )
            )
        for code, (title_id, title_en) in SYSTEM_ROLES.items():
            roles.append(RoleInfo(code=code, title_id=title_id, title_en=title_en, lanes=[]))
        known = {r.code for r in roles}
        for role in roles:
            unknown = [s for s in role.stand_ins if s not in known]
            if unknown:
                raise DefinitionError(f"{path}: role {role.code} names unknown stand-in role(s) {', '.join(unknown)}")
        return cls(roles)

    def role_for_lane(self, lane: str) -> str | None:
        return self._by_lane.get(normalize_lane(lane))

    def starters(self, roles: set[str]) -> set[str]:
        """``roles`` (those of a process's start lanes) and every role that may start for one of them."""
        return set(roles) | {r.code for r in self._roles.values() if roles.intersection(r.starts_for)}

    def all(self) -> list[RoleInfo]:
        return list(self._roles.values())

    def lane_roles(self) -> list[RoleInfo]:
        return [r for r in self._roles.values() if r.code not in SYSTEM_ROLES]

    def get(self, code: str) -> RoleInfo | None:
        return self._roles.get(code)

    def __contains__(self, code: str) -> bool:
        return code in self._roles

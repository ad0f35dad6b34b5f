"""Orthogonal routes for sequence flows on the grid of cells, which can never cut through a shape.

Between two columns runs a vertical channel, between two rows a horizontal corridor; neither holds a
shape. A flow leaves its source's cell straight into a channel or corridor, travels only along channels,
corridors and rows whose cells on the way are empty, and enters its target's cell straight. Each
vertical piece in a channel and each horizontal piece in a corridor gets its own track, so flows do not
run on top of each other; the width of a channel (height of a corridor) follows from its tracks.

Points are symbolic until ``Tracks`` and the grid's measures are known (see ``resolve``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Container
from .place import Grid

# Symbolic coordinates: ("left"|"right"|"cx", node) / ("chan", channel, key) / ("at", number)
#                       ("cy"|"top"|"bottom", node) / ("corr", corridor, key)
Sym = tuple


@dataclass
class Tracks:
    """Interval requests per channel (vertical) or corridor (horizontal), then a track per request."""
    requests: dict[tuple[str, int], list[tuple[float, float, str, float]]] = field(default_factory=dict)
    track: dict[str, int] = field(default_factory=dict)
    count: dict[tuple[str, int], int] = field(default_factory=dict)

    def ask(self, where: tuple[str, int], lo: float, hi: float, key: str, prefer: float = 1.0) -> None:
        self.requests.setdefault(where, []).append((min(lo, hi), max(lo, hi), key, prefer))

    def allocate(self) -> None:
        for where, items in self.requests.items():
            ends: list[float] = []
            members: list[list[tuple[str, float]]] = []
            for lo, hi, key, prefer in sorted(items):
                for i, end in enumerate(ends):
                    if end < lo - 0.05:
                        ends[i] = hi
                        members[i].append((key, prefer))
                        break
                else:
                    ends.append(hi)
                    members.append([(key, prefer)])
            # Tracks may be permuted freely: flows leaving the left column go left, entering ones right.
            order = sorted(range(len(members)), key=lambda i: sum(p for _, p in members[i]) / len(members[i]))
            for position, i in enumerate(order):
                for key, _ in members[i]:
                    self.track[key] = position
            self.count[where] = len(members)


@dataclass
class Routes:
    points: dict[str, list[tuple[Sym, Sym]]] = field(default_factory=dict)
    tracks: Tracks = field(default_factory=Tracks)
    right_exit_labels: dict[int, float] = field(default_factory=dict)  # column -> widest label leaving right


class Router:
    def __init__(self, c: Container, g: Grid):
        self.c, self.g = c, g
        self.cell = {(g.row[n], g.col[n]): n for n in c.nodes}
        self.row_runs: dict[int, list[tuple[float, float, str, str]]] = {}
        self.col_runs: dict[int, list[tuple[float, float, str, str]]] = {}
        self.out = Routes()

    # -- free space ----------------------------------------------------------------------------

    def _cells_empty(self, row: int, cols: range) -> bool:
        return all((row, col) not in self.cell for col in cols)

    def _run_free(self, runs: dict, line: int, lo: float, hi: float, s: str, t: str) -> bool:
        lo, hi = min(lo, hi), max(lo, hi)
        return all(not (lo <= b and a <= hi) or s == rs or t == rt for a, b, rs, rt in runs.get(line, []))

    def _take(self, runs: dict, line: int, lo: float, hi: float, s: str, t: str) -> None:
        runs.setdefault(line, []).append((min(lo, hi), max(lo, hi), s, t))

    # -- routes --------------------------------------------------------------------------------

    def route_all(self) -> Routes:
        host = {b: n.host for b, n in self.c.boundaries.items()}
        by_source: dict[str, list] = {}
        for f in self.c.flows:
            by_source.setdefault(f.source, []).append(f)
        for source, flows in by_source.items():
            if source in host:
                for f in flows:
                    self._from_boundary(f.id, source, host[source], f.target)
                continue
            forward = [f for f in flows if f.id not in self.g.back and f.target != source]
            sides = self._exit_sides(source, forward)
            for f in flows:
                if f.target == source:
                    self._self_loop(f.id, source)
                elif f.id in self.g.back or self.g.col[f.target] <= self.g.col[source]:
                    self._back(f.id, source, f.target)
                else:
                    self._forward(f.id, source, f.target, sides[f.id], bool(f.name))
        self.out.tracks.allocate()
        return self.out

    def _exit_sides(self, s: str, flows: list) -> dict[str, str]:
        """The flow to the nearest row leaves to the right; the others leave from the top (to rows above)
        or the bottom (to rows below; to the same row, whichever side has fewer), so each has its own
        first segment and its label can sit next to the gateway."""
        rs = self.g.row[s]
        sides = {f.id: "right" for f in flows}
        if len(flows) < 2:
            return sides
        ranked = sorted(flows, key=lambda f: (abs(self.g.row[f.target] - rs), self.g.col[f.target]))
        used = {"top": 0, "bottom": 0}
        for f in ranked[1:]:
            rt = self.g.row[f.target]
            side = "top" if rt < rs else "bottom" if rt > rs else min(("bottom", "top"), key=lambda k: used[k])
            used[side] += 1
            sides[f.id] = side
        return sides

    def _forward(self, fid: str, s: str, t: str, side: str, named: bool) -> None:
        g = self.g
        rs, cs, rt, ct = g.row[s], g.col[s], g.row[t], g.col[t]
        entry = (("left", t), ("cy", t))
        if side != "right":
            if self._direct_turn(fid, s, t, cs, rs, rt, ct, ("cx", s), (side, s)):
                return
            corridor = rs if side == "top" else rs + 1
            self._via_corridor(fid, [(("cx", s), (side, s))], cs * 2 + 1, corridor, t, ct, rt)
            return
        start = (("right", s), ("cy", s))
        if named:
            self.out.right_exit_labels[cs] = 1
        if rs == rt and ct > cs and self._cells_empty(rs, range(cs + 1, ct)) and \
                self._run_free(self.row_runs, rs, 2 * cs + 1, 2 * ct + 1, s, t):
            self._take(self.row_runs, rs, 2 * cs + 1, 2 * ct + 1, s, t)
            self.out.points[fid] = [start, entry]
            return
        if ct == cs + 1:
            key = f"{fid}:v"
            self.out.tracks.ask(("chan", cs), 2 * rs + 1, 2 * rt + 1, key, prefer=1.0)
            x = ("chan", cs, key)
            self.out.points[fid] = [start, (x, ("cy", s)), (x, ("cy", t)), entry]
            return
        if ct > cs:
            # along the source row, then down/up just before the target
            if self._cells_empty(rs, range(cs + 1, ct)) and \
                    self._run_free(self.row_runs, rs, 2 * cs + 1, 2 * ct, s, t):
                self._take(self.row_runs, rs, 2 * cs + 1, 2 * ct, s, t)
                key = f"{fid}:v"
                self.out.tracks.ask(("chan", ct - 1), 2 * rs + 1, 2 * rt + 1, key, prefer=2.0)
                x = ("chan", ct - 1, key)
                self.out.points[fid] = [start, (x, ("cy", s)), (x, ("cy", t)), entry]
                return
            # down/up just after the source, then along the target row
            if self._cells_empty(rt, range(cs + 1, ct)) and \
                    self._run_free(self.row_runs, rt, 2 * cs + 2, 2 * ct + 1, s, t):
                self._take(self.row_runs, rt, 2 * cs + 2, 2 * ct + 1, s, t)
                key = f"{fid}:v"
                self.out.tracks.ask(("chan", cs), 2 * rs + 1, 2 * rt + 1, key, prefer=0.0)
                x = ("chan", cs, key)
                self.out.points[fid] = [start, (x, ("cy", s)), (x, ("cy", t)), entry]
                return
        key = f"{fid}:v0"
        self.out.tracks.ask(("chan", cs), 2 * rs + 1, 2 * self._corridor(rs, rt), key, prefer=0.0)
        x = ("chan", cs, key)
        corridor = self._corridor(rs, rt)
        self._via_corridor(fid, [start, (x, ("cy", s))], 2 * cs + 2, corridor, t, ct, rt, first_x=x)

    def _corridor(self, rs: int, rt: int) -> int:
        if rt > rs:
            return rt
        if rt < rs:
            return rt + 1
        return rs + 1

    def _via_corridor(self, fid: str, head: list, x_abs: float, corridor: int, t: str, ct: int, rt: int,
                      first_x: Sym | None = None) -> None:
        """From the last point of ``head`` into ``corridor``, along it to the channel before the target,
        then up or down to the target row and into the target from the left."""
        x0 = first_x if first_x is not None else head[-1][0]
        hkey, vkey = f"{fid}:h", f"{fid}:v1"
        ch = ct - 1
        self.out.tracks.ask(("corr", corridor), x_abs, 2 * ch + 2, hkey)
        self.out.tracks.ask(("chan", ch), 2 * corridor, 2 * rt + 1, vkey, prefer=2.0)
        y = ("corr", corridor, hkey)
        x1 = ("chan", ch, vkey)
        head = head + [(x0, y)]
        self.out.points[fid] = head + [(x1, y), (x1, ("cy", t)), (("left", t), ("cy", t))]

    def _direct_turn(self, fid: str, s: str, t: str, cs: int, rs: int, rt: int, ct: int, x: Sym, y: Sym) -> bool:
        """Straight up or down in the source column to the target row, then right into the target."""
        if ct <= cs:
            return False
        rows = [r for r in range(min(rs, rt), max(rs, rt) + 1) if r != rs]
        if any((r, cs) in self.cell for r in rows) or not self._cells_empty(rt, range(cs + 1, ct)):
            return False
        if not self._run_free(self.col_runs, cs, 2 * rs + 1, 2 * rt + 1, s, t) or \
                not self._run_free(self.row_runs, rt, 2 * cs + 1, 2 * ct + 1, s, t):
            return False
        self._take(self.col_runs, cs, 2 * rs + 1, 2 * rt + 1, s, t)
        self._take(self.row_runs, rt, 2 * cs + 1, 2 * ct + 1, s, t)
        self.out.points[fid] = [(x, y), (x, ("cy", t)), (("left", t), ("cy", t))]
        return True

    def _back(self, fid: str, s: str, t: str) -> None:
        g = self.g
        rs, cs, rt, ct = g.row[s], g.col[s], g.row[t], g.col[t]
        side, corridor = ("top", rs) if rt < rs else ("bottom", rs + 1)
        hkey = f"{fid}:h"
        y = ("corr", corridor, hkey)
        if rs == rt:
            self.out.tracks.ask(("corr", corridor), 2 * ct + 1, 2 * cs + 1, hkey)
            self.out.points[fid] = [(("cx", s), (side, s)), (("cx", s), y), (("cx", t), y),
                                    (("cx", t), (side, t))]
            return
        self._via_corridor(fid, [(("cx", s), (side, s))], 2 * cs + 1, corridor, t, ct, rt)

    def _self_loop(self, fid: str, s: str) -> None:
        rs = self.g.row[s]
        hkey = f"{fid}:h"
        y = ("corr", rs + 1, hkey)
        cs = self.g.col[s]
        self.out.tracks.ask(("corr", rs + 1), 2 * cs + 0.8, 2 * cs + 1.2, hkey)
        self.out.points[fid] = [(("cx+", s), ("bottom", s)), (("cx+", s), y), (("cx-", s), y),
                                (("cx-", s), ("bottom", s))]

    def _from_boundary(self, fid: str, b: str, host: str, t: str) -> None:
        g = self.g
        rs, cs, rt, ct = g.row[host], g.col[host], g.row[t], g.col[t]
        start = (("cx", b), ("bottom", b))
        if rt > rs and self._direct_turn(fid, host, t, cs, rs, rt, ct, ("cx", b), ("bottom", b)):
            return
        self._via_corridor(fid, [start], 2 * cs + 1, rs + 1, t, ct, rt)

"""The expression language of gateway conditions and timer definitions.

SpiffWorkflow evaluates conditions with Python's ``eval`` and real builtins, so a diagram could run
shell commands. Here an expression is parsed with :mod:`ast` and *interpreted* node by node; only
comparisons, boolean logic, arithmetic, names of task data, literals, subscripts and a few named
functions exist. There is no attribute access, no name starting with an underscore, no import and no
call of anything but :data:`FUNCTIONS`. :func:`check` runs at deploy, :func:`evaluate` at run time.
"""

from __future__ import annotations

import ast
import operator
import time
from collections.abc import Callable, Mapping
from typing import Any

#: Longest expression accepted; conditions are one line of business logic.
MAX_LENGTH = 2000
#: Largest string or list a ``*`` may build, so no expression can exhaust memory.
MAX_REPEAT = 10_000
#: Longest text or list any operation may produce (``+`` of long task data included).
MAX_SEQUENCE = 100_000
#: Largest integer (in bits) an expression may hold: arithmetic on bigger ones costs real time.
MAX_INT_BITS = 1024
#: Largest ``ndigits`` of ``round``: a negative one builds 10**-ndigits internally.
MAX_ROUND_DIGITS = 100
#: Deepest nesting of an expression's syntax tree (the interpreter recurses over it).
MAX_NESTING = 60
#: Most nodes one evaluation may visit. With the size bounds above this keeps any expression to a few
#: milliseconds, deterministically (replay must reach the same verdict as the original run).
MAX_STEPS = 5_000
#: Most items one evaluation may walk through: ``sum``, ``max``, ``in``, ``==``, ``str`` … of task data
#: cost one unit per item, so a short expression over a long list cannot repeat that work without end.
MAX_WORK = 100_000
#: Backstop on the CPU time of one evaluation. CPU time, not wall time: a busy machine that
#: deschedules the thread must not make a condition fail (and replay disagree with the run).
MAX_SECONDS = 0.25


class ExpressionError(ValueError):
    """An expression is outside the allowed language, or failed while evaluated."""


def _numbers_only(name: str, values: Any) -> None:
    if not set(map(type, values)) <= {int, float}:  # map/set run in C: cheap even on long lists
        raise ExpressionError(f"{name}() takes numbers only")


def _sum(values: Any) -> Any:
    values = list(values)
    _numbers_only("sum", values)
    return sum(values)


def _lower(value: Any) -> str:
    return str(value).lower()


def _upper(value: Any) -> str:
    return str(value).upper()


def _round(value: Any, ndigits: Any = None) -> Any:
    if ndigits is not None:
        if isinstance(ndigits, bool) or not isinstance(ndigits, int):
            raise ExpressionError("round() takes a whole number of digits")
        if abs(ndigits) > MAX_ROUND_DIGITS:
            raise ExpressionError(f"round() digits must be between -{MAX_ROUND_DIGITS} and {MAX_ROUND_DIGITS}")
        return round(value, ndigits)
    return round(value)


def _int(value: Any) -> int:
    if isinstance(value, str) and len(value.strip()) > 40:
        raise ExpressionError("int() of a text longer than 40 characters")
    return int(value)


#: The only functions an expression may call.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len,
    "min": min,
    "max": max,
    "abs": abs,
    "round": _round,
    "sum": _sum,
    "any": any,
    "all": all,
    "int": _int,
    "float": float,
    "str": str,
    "bool": bool,
    "lower": _lower,
    "upper": _upper,
}

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_UNARY: dict[type, Callable[[Any], Any]] = {
    ast.Not: operator.not_,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_CONSTANT_TYPES = (str, int, float, bool, type(None))


def parse(expression: str) -> ast.Expression:
    """Parse ``expression`` and refuse anything outside the language.

    :raises ExpressionError: with a plain message naming the first offending construct.
    """
    if not isinstance(expression, str):
        raise ExpressionError("an expression must be text")
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"syntax error in expression {expression!r}: {e.msg}") from None
    for node in ast.walk(tree):
        _check_node(node)
    _check_nesting(tree)
    return tree


def _check_nesting(tree: ast.AST) -> None:
    """Refuse trees deeper than :data:`MAX_NESTING` (walked with a stack, not recursion)."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise ExpressionError(f"expression nested more than {MAX_NESTING} levels deep")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def check(expression: str) -> None:
    """Raise :class:`ExpressionError` unless ``expression`` is in the allowed language."""
    parse(expression)


def _check_node(node: ast.AST) -> None:
    if isinstance(node, (ast.Expression, ast.Load, ast.BoolOp, ast.And, ast.Or, ast.IfExp)):
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(f"operator {type(node.op).__name__} is not allowed")
        return
    if isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            raise ExpressionError(f"operator {type(node.op).__name__} is not allowed")
        return
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise ExpressionError(f"comparison {type(op).__name__} is not allowed")
        return
    if isinstance(node, tuple(_BINARY) + tuple(_UNARY) + tuple(_COMPARE)):
        return
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExpressionError(f"name {node.id!r} is not allowed (names may not start with '_')")
        return
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, _CONSTANT_TYPES):
            raise ExpressionError(f"constant {node.value!r} is not allowed")
        if isinstance(node.value, int) and node.value.bit_length() > MAX_INT_BITS:
            raise ExpressionError(f"number constant larger than {MAX_INT_BITS} bits")
        return
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Slice):
            raise ExpressionError("slices are not allowed")
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"only these functions may be called: {allowed}")
        if node.keywords:
            raise ExpressionError("keyword arguments are not allowed")
        if node.func.id == "round" and len(node.args) > 1:
            _check_round_digits(node.args[1])
        return
    if isinstance(node, ast.Attribute):
        raise ExpressionError(f"attribute access ('.{node.attr}') is not allowed")
    raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")


def _check_round_digits(arg: ast.AST) -> None:
    """A constant ``ndigits`` outside the allowed range is refused already when the diagram is checked."""
    value: Any = None
    if isinstance(arg, ast.Constant):
        value = arg.value
    elif isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.USub) and isinstance(arg.operand, ast.Constant):
        value = arg.operand.value
        value = -value if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ROUND_DIGITS:
        raise ExpressionError(f"round() digits must be between -{MAX_ROUND_DIGITS} and {MAX_ROUND_DIGITS}")


def evaluate(expression: str, names: Mapping[str, Any]) -> Any:
    """Evaluate ``expression`` with ``names`` (the task data) as its only variables.

    :raises ExpressionError: when the expression is not allowed, names something undefined,
        or fails (division by zero, comparing text with a number, ...).
    """
    tree = parse(expression)
    try:
        return _Interpreter(names).run(tree.body)
    except ExpressionError:
        raise
    except Exception as e:  # a type error inside user data is the expression's failure, not ours
        raise ExpressionError(f"{type(e).__name__} while evaluating {expression!r}: {e}") from None


class _Interpreter:
    def __init__(self, names: Mapping[str, Any]):
        self.names = names
        self.steps = 0
        self.work = 0
        self.deadline = time.thread_time() + MAX_SECONDS

    def run(self, node: ast.AST) -> Any:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise ExpressionError(f"expression took more than {MAX_STEPS} steps")
        if self.steps % 32 == 0 and time.thread_time() > self.deadline:  # reading the CPU clock is not free
            raise ExpressionError(f"expression took longer than {int(MAX_SECONDS * 1000)} ms")
        return _bounded(self._run(node))

    def charge(self, *values: Any) -> None:
        """Count the items an operation on ``values`` will walk through against :data:`MAX_WORK`."""
        self.work += sum(_size(v) for v in values)
        if self.work > MAX_WORK:
            raise ExpressionError(f"expression would walk through more than {MAX_WORK} items of data")

    def _run(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in ("true", "false", "null"):  # analysts coming from FEEL / JSON
                return {"true": True, "false": False, "null": None}[node.id]
            raise ExpressionError(f"name {node.id!r} is not defined (no such field in the task data)")
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                result: Any = True
                for value in node.values:
                    result = self.run(value)
                    if not result:
                        return result
                return result
            result = False
            for value in node.values:
                result = self.run(value)
                if result:
                    return result
            return result
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self.run(node.operand))
        if isinstance(node, ast.BinOp):
            left, right = self.run(node.left), self.run(node.right)
            if isinstance(node.op, ast.Mult):
                _guard_repeat(left, right)
            if isinstance(node.op, ast.Add):
                _guard_concat(left, right)
            self.charge(left, right)
            if isinstance(node.op, ast.Mod) and not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right)
            ):
                raise ExpressionError("% works on numbers only (no text formatting)")
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Compare):
            left = self.run(node.left)
            for op, comparator in zip(node.ops, node.comparators):
                right = self.run(comparator)
                self.charge(left, right)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.run(node.body) if self.run(node.test) else self.run(node.orelse)
        if isinstance(node, ast.List):
            return [self.run(e) for e in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(self.run(e) for e in node.elts)
        if isinstance(node, ast.Set):
            return {self.run(e) for e in node.elts}
        if isinstance(node, ast.Subscript):
            container, key = self.run(node.value), self.run(node.slice)
            if not isinstance(container, (dict, list, tuple, str)):
                raise ExpressionError("only task data (objects, lists, text) can be indexed")
            return container[key]
        if isinstance(node, ast.Call):
            func = FUNCTIONS[node.func.id]  # type: ignore[union-attr]
            args = [self.run(a) for a in node.args]
            self.charge(*args)
            return func(*args)
        raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")


def _guard_repeat(left: Any, right: Any) -> None:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
            if len(seq) * max(count, 0) > MAX_REPEAT:
                raise ExpressionError("expression would build too large a value")
            # Repeating a list of lists shares the inner lists; their size would escape the bound above.
            if not isinstance(seq, str) and any(isinstance(item, (list, tuple, dict, set)) for item in seq):
                raise ExpressionError("only text or lists of plain values can be repeated")


def _guard_concat(left: Any, right: Any) -> None:
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if len(left) + len(right) > MAX_SEQUENCE:
            raise ExpressionError("expression would build too large a value")


def _bounded(value: Any) -> Any:
    """Refuse a result that would make the next operation expensive: huge integers, huge texts."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise ExpressionError(f"a number in the expression grew beyond {MAX_INT_BITS} bits")
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_SEQUENCE:
        raise ExpressionError("expression would build too large a value")
    return value


def _size(value: Any) -> int:
    """Items an operation walks through in ``value``: its length for texts and containers (their
    elements counted one level down, where nested lists hide most of the data), else one."""
    if isinstance(value, str):
        return len(value) // 16 + 1  # text is compared and copied in bulk, much faster per character
    if isinstance(value, (list, tuple, set, dict)):
        items = list(value.values()) if isinstance(value, dict) else value
        if not items or not isinstance(next(iter(items)), (list, tuple, set, dict)):
            return len(value) + 1  # a flat list (the usual case): no need to look inside
        return len(value) + sum(len(v) for v in items if isinstance(v, (list, tuple, set, dict)))
    return 1

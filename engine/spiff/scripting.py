"""The safe script environment: conditions and timer expressions only, never scripts."""

from __future__ import annotations

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from . import expressions



class _SafeEnvironment(BasePythonScriptEngineEnvironment):
    """Conditions and timer expressions go through :mod:`engine.spiff.expressions`; scripts are refused."""

    def evaluate(self, expression, context, external_context=None):
        names = dict(external_context or {})
        names.update(context)
        return expressions.evaluate(expression, names)

    def execute(self, script, context, external_context=None):
        raise expressions.ExpressionError("script tasks are not supported: use a user task or a condition")

    def call_service(self, context, **kwargs):
        raise expressions.ExpressionError("service tasks are not supported")


SCRIPT_ENGINE = PythonScriptEngine(environment=_SafeEnvironment())


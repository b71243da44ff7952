"""Every audit action that lands on a contract's timeline has a Dutch label.

The actions are collected from the source: every ``audit_log(..., contract_id=...)`` call in
``src/sroi``, with its ``action`` resolved to strings. A literal is itself; ``a if c else b``
is both; a name is what it is assigned in the function or, for a parameter, what every call
of that function passes; ``f"plan.{action}"`` is the prefix with each of those. A call the
collector cannot resolve fails the test (resolve it here rather than leave it unlabelled).
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

from sroi.accounts.models import User
from sroi.plans.timeline import ACTION_LABELS

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass(frozen=True)
class Module:
    name: str
    tree: ast.Module

    def functions(self) -> Iterator[ast.FunctionDef]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef):
                yield node


def _modules() -> list[Module]:
    modules = []
    for path in sorted((SRC / "sroi").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        modules.append(Module(name, ast.parse(path.read_text(encoding="utf-8"))))
    return modules


MODULES = _modules()


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _enclosing(module: Module, target: ast.AST) -> ast.FunctionDef | None:
    """The innermost function of ``module`` that holds ``target``."""
    found = None
    for function in module.functions():
        holds = any(node is target for node in ast.walk(function))
        if holds and (found is None or any(node is function for node in ast.walk(found))):
            found = function
    return found


def _imports(module: Module, source: Module, name: str) -> bool:
    """Whether ``module`` is ``source`` or imports ``name`` (or the module) from it."""
    if module.name == source.name:
        return True
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == source.name and any(a.name == name for a in node.names):
                return True
            package, _, leaf = source.name.rpartition(".")
            if node.module == package and any(a.name == leaf for a in node.names):
                return True
    return False


def _argument(call: ast.Call, function: ast.FunctionDef, parameter: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    positional = [a.arg for a in function.args.posonlyargs + function.args.args]
    if parameter in positional and positional.index(parameter) < len(call.args):
        return call.args[positional.index(parameter)]
    return None


def _resolve(expr: ast.expr, module: Module, function: ast.FunctionDef | None) -> set[str]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return _resolve(expr.body, module, function) | _resolve(expr.orelse, module, function)
    if isinstance(expr, ast.JoinedStr):
        results = {""}
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                values = _resolve(part.value, module, function)
            else:
                values = _resolve(part, module, function)
            results = {head + tail for head in results for tail in values}
        return results
    if isinstance(expr, ast.Name) and function is not None:
        parameters = {a.arg for a in function.args.args + function.args.kwonlyargs}
        parameters |= {a.arg for a in function.args.posonlyargs}
        if expr.id in parameters:
            return _passed(module, function, expr.id)
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
        ]
        if assigned:
            return set().union(*(_resolve(value, module, function) for value in assigned))
    if isinstance(expr, ast.Attribute):  # an enum member such as ``PlanAction.SUBMIT``
        namespace = vars(importlib.import_module(module.name))
        value = eval(compile(ast.Expression(expr), module.name, "eval"), namespace)  # noqa: S307
        return {str(value)}
    raise AssertionError(f"{module.name}: cannot resolve the audit action {ast.unparse(expr)}")


def _passed(source: Module, function: ast.FunctionDef, parameter: str) -> set[str]:
    """What every call of ``function`` (in its module or a module importing it) passes."""
    values: set[str] = set()
    calls = 0
    for module in MODULES:
        if not _imports(module, source, function.name):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and _callee(node) == function.name:
                argument = _argument(node, function, parameter)
                if argument is None:
                    continue
                calls += 1
                values |= _resolve(argument, module, _enclosing(module, node))
    assert calls, f"{source.name}.{function.name}: no call passes {parameter}"
    return values


def contract_audit_actions() -> dict[str, str]:
    """action -> the module that writes it, for every audit entry with a contract's id."""
    actions: dict[str, str] = {}
    for module in MODULES:
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Call) and _callee(node) == "audit_log"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            if "contract_id" not in keywords:
                continue
            for action in _resolve(keywords["action"], module, _enclosing(module, node)):
                actions.setdefault(action, module.name)
    return actions


def test_the_collector_finds_the_actions_of_every_app() -> None:
    actions = contract_audit_actions()
    # One of each kind of call: a literal, a conditional, a parameter passed on twice, an
    # f-string over a helper's callers, an enum member.
    assert {
        "contract.extend",
        "plan.submit",
        "plan.approve_first",
        "plan.assign",
        "agreements.accept",
        "agreements.pdf_stored",
        "moment.hold",
        "moment.schedule_default",
    } <= set(actions)


@pytest.mark.parametrize("action", sorted(contract_audit_actions()))
def test_every_contract_audit_action_has_a_dutch_label(action: str) -> None:
    assert action in ACTION_LABELS, (
        f"{action} (written by {contract_audit_actions()[action]}) has no label in "
        "sroi.plans.timeline.ACTION_LABELS"
    )
    with translation.override("nl"):
        label = str(ACTION_LABELS[action])
    with translation.override("en"):
        english = str(ACTION_LABELS[action])
    assert label != english, f"{action}: the label {english!r} has no Dutch translation"


def test_no_label_for_an_action_nobody_writes() -> None:
    assert set(ACTION_LABELS) - set(contract_audit_actions()) == set()


def test_assignments_are_on_the_coordinators_timeline_only(
    coordinator: User, contractor_a: User
) -> None:
    from django.test import Client

    from sroi.plans import services_review
    from tests.plans.factories import PlanFactory

    plan = PlanFactory(submitted=True, contract__organisation=contractor_a.organisation)
    services_review.plan_assign(acting_user=coordinator, plan=plan, assignee=coordinator)
    url = f"/contracten/{plan.contract_id}/"
    pages = {}
    for user in (coordinator, contractor_a):
        client = Client()
        client.force_login(user)
        pages[user.pk] = client.get(url).content.decode()

    label = "Plan toegewezen"
    assert label in pages[coordinator.pk]
    assert label not in pages[contractor_a.pk]

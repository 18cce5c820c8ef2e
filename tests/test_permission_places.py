"""Each permission rule lives in its entity's permissions module, and nowhere else.

The test lists the permission predicates the views and templates use (the rules they ask by
name through may/require/require_for_request and {% may %}, and the predicate functions they
import) and fails on one defined outside its entity's permissions module. It also fails on a
rule or a can_/may_ function defined anywhere else in the project's code.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

from partners.permissions import RULES

BASE = Path(settings.BASE_DIR)
APPS = ["audit", "hotspots", "partners", "plans", "reports"]
# The permissions module of each entity, by the app label its rule names start with.
PERMISSION_MODULES = {
    "audit": {"audit.permissions"},
    "hotspots": {"hotspots.permissions"},
    "partners": {"partners.permissions"},
    "plans": {"plans.permissions", "plans.task_permissions"},
    "reports": {"reports.permissions"},
}
ALL_PERMISSION_MODULES = set().union(*PERMISSION_MODULES.values())
# What kind of user someone is (officer, manager...): the roles the rules are composed of.
ROLE_MODULE = "partners.roles"
CHECKS = {"may", "require", "require_for_request"}
PREDICATE_NAME = re.compile(r"^(can|may|is|has|in|owns)_")
TEMPLATE_RULE = re.compile(r"""{%\s*may\s+["']([^"']+)["']""")
TEMPLATE_FORBIDDEN = re.compile(r"\bperms\.|\bhas_perm\b")


def _modules():
    for app in APPS:
        for path in sorted((BASE / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(BASE).with_suffix("").parts).removesuffix(".__init__")
            yield name, path, ast.parse(path.read_text(), filename=str(path))


def _is_view_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last == "views" or last.endswith("_views") or last.startswith("views_")


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.rsplit(".", node.level)[0]
    return f"{package}.{node.module}" if node.module else package


def _rule_names_asked(tree) -> list[tuple[str, int]]:
    """Rule names passed as strings to may/require/require_for_request."""
    asked = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if called not in CHECKS:
            continue
        for arg in node.args[:2]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "." in arg.value:
                asked.append((arg.value, node.lineno))
    return asked


def _rule_problem(name: str) -> str | None:
    rule = RULES.get(name)
    if rule is None:
        return f"{name} is not a registered rule"
    if rule.module not in PERMISSION_MODULES.get(name.split(".")[0], set()):
        return f"{name} is registered by {rule.module}, not its entity's permissions module"
    return None


def test_views_ask_only_rules_of_the_permission_modules():
    listed, problems = [], []
    for module, path, tree in _modules():
        if not _is_view_module(module):
            continue
        for name, line in _rule_names_asked(tree):
            listed.append(name)
            if problem := _rule_problem(name):
                problems.append(f"{path.relative_to(BASE)}:{line}: {problem}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, node)
                for alias in node.names:
                    if PREDICATE_NAME.match(alias.name) and source not in ALL_PERMISSION_MODULES | {
                        ROLE_MODULE
                    }:
                        problems.append(
                            f"{path.relative_to(BASE)}:{node.lineno}: imports the predicate {alias.name} "
                            f"from {source}, not a permissions module"
                        )
            if isinstance(node, ast.FunctionDef) and PREDICATE_NAME.match(node.name):
                problems.append(f"{path.relative_to(BASE)}:{node.lineno}: defines the predicate {node.name}")
    assert listed, "no view asks a rule: the scan is broken"
    assert not problems, "\n".join(problems)


def test_templates_ask_only_rules_of_the_permission_modules():
    listed, problems = [], []
    for path in sorted((BASE / "templates").rglob("*.html")):
        text = path.read_text()
        for name in TEMPLATE_RULE.findall(text):
            listed.append(name)
            if problem := _rule_problem(name):
                problems.append(f"{path.relative_to(BASE)}: {problem}")
        # Django's {{ perms }} and rules' {% has_perm %} ask User.has_perm: a superuser passes
        # every check, and guardian is queried first.
        if TEMPLATE_FORBIDDEN.search(text):
            problems.append(f"{path.relative_to(BASE)}: asks User.has_perm; use {{% may %}}")
    assert listed, "no template asks a rule: the scan is broken"
    assert not problems, "\n".join(problems)


def test_rules_and_permission_functions_are_defined_only_in_permission_modules():
    problems = []
    for module, path, tree in _modules():
        if module in ALL_PERMISSION_MODULES:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and re.match(r"^(can|may)_", node.name):
                problems.append(f"{path.relative_to(BASE)}:{node.lineno}: defines {node.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if called in {"register_rule", "add_perm", "add_rule", "set_perm", "set_rule", "predicate"}:
                    problems.append(f"{path.relative_to(BASE)}:{node.lineno}: registers a rule ({called})")
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if "predicate" in ast.unparse(decorator):
                        problems.append(
                            f"{path.relative_to(BASE)}:{node.lineno}: defines the predicate {node.name}"
                        )
    assert not problems, "\n".join(problems)


def test_every_rule_is_registered_by_its_entitys_module():
    assert RULES
    problems = [problem for name in RULES if (problem := _rule_problem(name))]
    assert not problems, "\n".join(problems)


def test_the_scan_finds_a_rule_asked_from_the_wrong_module():
    """The check above can fail: a name no permissions module registered is reported."""
    tree = ast.parse('may(request.user, "plans.do_anything", plan)')
    assert [_rule_problem(name) for name, _ in _rule_names_asked(tree)] == [
        "plans.do_anything is not a registered rule"
    ]
    assert _rule_problem("audit.search_events") is None

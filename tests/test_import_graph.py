"""The project's modules import each other without a cycle, and audit imports nothing of plans.

The imports are read from the source with ast, every one of them: those inside a function too,
since a function-level import is how a cycle usually hides. Migrations are left out (they name
their dependencies through the migration graph).
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE = Path(settings.BASE_DIR).resolve()


def project_modules() -> dict[str, Path]:
    """Module name -> file, for the project's own apps and config."""
    roots = [Path(config.path).resolve() for config in apps.get_app_configs()]
    roots = [root for root in roots if root.is_relative_to(BASE) and "site-packages" not in root.parts]
    modules = {}
    for root in [*roots, BASE / "config"]:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(BASE).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def _imported(module: str, path: Path, node) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, up level - 1
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, base] if base else package)
    # `from package import module` imports the module; `from module import name`, the module.
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = _imported(module, path, node)
            if isinstance(node, ast.ImportFrom):
                # `from x import y`: y if it is a module of ours, else x itself.
                *submodules, base = names
                names = [name for name in submodules if name in modules] or [base]
            for name in names:
                while name and name not in modules:  # a name inside a module: the module
                    name = name.rpartition(".")[0]
                if name and name != module:
                    found.add(name)
        graph[module] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_reader_finds_imports_at_the_top_and_inside_functions():
    graph = import_graph()
    assert "plans.services" in graph["plans.views"]  # from . import ..., services, ...
    assert "plans.models" in graph["plans.services"]  # from .models import (...)
    assert "audit.services" in graph["plans.partner_services"]  # from audit.services import ...
    assert "plans.timeline" in graph["reports.plan_pdf"]  # imported inside a function


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_modules_import_each_other_without_a_cycle():
    assert cycles(import_graph()) == []


def test_audit_imports_nothing_from_plans():
    graph = import_graph()
    found = sorted(
        f"{module} imports {name}"
        for module, names in graph.items()
        if module.split(".")[0] == "audit"
        for name in names
        if name.split(".")[0] == "plans"
    )
    assert found == [], "audit is below plans: pass what is particular to plans in (plans.timeline)"

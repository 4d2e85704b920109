"""Count the imports between the floors and apps of the code, by reading every module's AST.

Run from the repository root: `.venv/bin/python scripts/import_report.py [--offenders] [--cycles]`.
Function-level imports count as much as top-level ones: an import inside a function is still a
dependency, only a hidden one. Used for the figures of docs/architecture.md.
"""

import ast
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["club", "colleges", "proposals", "votes", "whitepapers"]
DOMAIN = ["colleges", "proposals", "votes", "whitepapers"]


def app_of(module: str) -> str | None:
    """The floor or app a dotted module name belongs to."""
    if module == "club.core" or module.startswith("club.core."):
        return "club.core"
    top = module.split(".")[0]
    if top in PACKAGES:
        return top
    if top == "bench":
        return "bench"
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path):
    """Yield (imported module, line, inside a function?) for each import of the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, in_function
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                # `from pkg import submodule` depends on the submodule when it is one;
                # one statement counts once per module it reaches.
                targets = []
                for alias in child.names:
                    candidate = f"{target}.{alias.name}"
                    if (ROOT / candidate.replace(".", "/")).with_suffix(".py").exists() or (
                        ROOT / candidate.replace(".", "/") / "__init__.py"
                    ).exists():
                        targets.append(candidate)
                    else:
                        targets.append(target)
                for module in dict.fromkeys(targets):
                    yield module, child.lineno, in_function
            yield from visit(child, nested)

    yield from visit(tree, False)


def product_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def main(argv: list[str]) -> int:
    edges = []  # (source module, target module, line, in function)
    sizes = {}
    for path in product_files():
        source = module_name(path)
        sizes[str(path.relative_to(ROOT))] = sum(1 for _ in path.open())
        for target, line, in_function in imports_of(path):
            if app_of(target) is None:
                continue
            edges.append((source, target, line, in_function, path))

    cross = [e for e in edges if app_of(e[0]) != app_of(e[1])]
    in_functions = [e for e in cross if e[3]]
    print(f"cross-app imports: {len(cross)} ({len(in_functions)} inside functions)")
    pairs = Counter((app_of(s), app_of(t)) for s, t, *_ in cross)
    for (src, dst), n in sorted(pairs.items()):
        print(f"  {src:12} -> {dst:12} {n}")
    roof_to_domain = Counter(app_of(t) for s, t, *_ in cross if app_of(s) == "club")
    print("roof club -> domain:", dict(roof_to_domain))
    core_to_domain = [e for e in cross if app_of(e[0]) == "club.core" and app_of(e[1]) in DOMAIN]
    print(f"ground club.core -> domain: {len(core_to_domain)}")
    if "--offenders" in argv:
        for _source, target, line, in_function, path in core_to_domain:
            where = "in function" if in_function else "top level"
            print(f"  {path.relative_to(ROOT)}:{line}  {target}  ({where})")
    if "--functions" in argv:
        print("cross-app imports inside functions:")
        for _source, target, line, _in_function, path in in_functions:
            print(f"  {path.relative_to(ROOT)}:{line}  {target}")
    print(
        f"function-level imports inside the product (any target): {sum(1 for e in edges if e[3])}"
    )
    circles = print_cycles(edges) if "--cycles" in argv else 0
    print("largest modules:")
    for name, lines in sorted(sizes.items(), key=lambda item: -item[1])[:8]:
        print(f"  {lines:5} {name}")
    return 1 if ("--strict" in argv and (core_to_domain or circles)) else 0


def print_cycles(edges) -> int:
    """Strongly connected components of the module graph, function-level imports included
    (an import moved into a function to dodge a circle leaves the circle in place)."""
    graph = defaultdict(set)
    modules = {e[0] for e in edges}
    for source, target, _line, _in_function, _path in edges:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != source:
            graph[source].add(target)
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def strongconnect(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                strongconnect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(modules):
        if node not in index:
            strongconnect(node)
    print(f"import circles (module graph, function-level imports included): {len(components)}")
    for component in components:
        print("  " + " <-> ".join(component))
    return len(components)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

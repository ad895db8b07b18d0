"""Reading YAML that people write: rules folders and answers files.

Safe by construction: ``yaml.SafeLoader`` semantics (nothing is executed), every mapping records
its line (``__line__``) so errors can name it, a key given twice is an error (YAML would silently
keep the last), and the document's size after alias expansion is bounded before anything is
built — a 500-byte "billion laughs" file is refused instead of taking minutes and gigabytes.
Answers files may not use aliases at all; rules files may, to share trigger lists.
Only regular files are read (a FIFO or device in a rules folder would block forever).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

#: The largest YAML file read (rules and answers files are a few kB to a few hundred kB).
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Nodes a document may have after alias expansion; the shipped rules have about 3,000.
MAX_EXPANDED_NODES = 200_000
#: Nesting depth of mappings and lists.
MAX_DEPTH = 64
_LIMIT_TEXT = f"{MAX_EXPANDED_NODES:,}".replace(",", ".")


class YamlProblem(Exception):
    """A problem with a YAML file, with the line it stands on (1-based) and a Danish message."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


#: libyaml's parser where PyYAML was built with it (ten times faster); the same safe constructor.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader that records the line of every mapping under ``__line__`` and refuses keys
    given twice."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nøglen »{key}« står to gange (første gang i linje {seen[key]})", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file of bounded size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise YamlProblem(path, 1, "filen findes ikke") from None
    except OSError as err:
        raise YamlProblem(path, 1, f"filen kan ikke læses ({err.strerror or err})") from None
    if not stat.S_ISREG(info.st_mode):
        raise YamlProblem(path, 1, "er ikke en almindelig fil")
    if info.st_size > MAX_FILE_BYTES:
        raise YamlProblem(path, 1, f"filen er for stor ({info.st_size // 1024} kB; grænsen er {MAX_FILE_BYTES // 1024} kB)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise YamlProblem(path, 1, f"filen kan ikke læses ({err.strerror or err})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise YamlProblem(path, 1, f"filen er ikke gyldig UTF-8 ({err.reason})") from None


def _check_graph(root: yaml.Node, path: Path, *, allow_aliases: bool) -> None:
    """Refuse aliases (where not allowed), too deep nesting and too large an expansion.

    The node graph shares aliased nodes, so counting the expanded size with memoisation is
    linear in the file even when its expansion is exponential.
    """
    size: dict[int, int] = {}
    seen_ids: set[int] = set()
    # Iterative post-order walk: (node, depth, children_done)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if depth > MAX_DEPTH:
            raise YamlProblem(path, node.start_mark.line + 1, f"strukturen er dybere end {MAX_DEPTH} niveauer")
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if not done:
            if key in seen_ids:
                # A node reached a second time is an alias: refused where aliases are not allowed,
                # counted once (memoised) where they are.
                if not allow_aliases:
                    raise YamlProblem(path, node.start_mark.line + 1, "filen må ikke bruge YAML-aliasser (*navn)")
                continue
            seen_ids.add(key)
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children)
            continue
        total = 1 + sum(size.get(id(c), 1) for c in children)
        if total > MAX_EXPANDED_NODES:
            raise YamlProblem(
                path, node.start_mark.line + 1,
                f"filen fylder for meget, når dens YAML-aliasser er foldet ud (over {_LIMIT_TEXT} elementer)",
            )
        size[key] = total


def load(path: Path, *, allow_aliases: bool, text: str | None = None) -> Any:
    """Parse one YAML file into plain data with ``__line__`` keys; raise :class:`YamlProblem`."""
    path = Path(path)
    if text is None:
        text = read_text(path)
    try:
        loader = LineLoader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return None
            _check_graph(root, path, allow_aliases=allow_aliases)
            return loader.construct_document(root)
        finally:
            loader.dispose()
    except YamlProblem:
        raise
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(err, "problem", None) or str(err)
        raise YamlProblem(path, line, f"ugyldig YAML: {_danish_yaml(what)}") from None
    except RecursionError:
        raise YamlProblem(path, 1, f"strukturen er dybere end {MAX_DEPTH} niveauer") from None
    except (ValueError, OverflowError):
        # int("9" * 5000) is refused by Python itself (the 4,300-digit limit); no file needs one.
        raise YamlProblem(path, 1, "filen indeholder et tal med for mange cifre") from None


_YAML_PHRASES = {
    "found character that cannot start any token": "et tegn, der ikke kan indlede et element",
    "mapping values are not allowed here": "et kolon, hvor der ikke må stå et",
    "found undefined alias": "et alias, der ikke er defineret",
    "could not find expected ':'": "et forventet kolon mangler",
    "found unexpected end of stream": "filen slutter midt i et element",
    "found duplicate anchor": "et anker, der er defineret to gange",
    "expected <block end>, but found": "en indrykning, der ikke passer",
    "did not find expected key": "en forventet nøgle mangler",
    "found unhashable key": "en nøgle, der ikke er en enkel værdi",
}


def _danish_yaml(problem: str) -> str:
    """PyYAML's English problem text, in Danish where we know the phrase."""
    for english, danish in _YAML_PHRASES.items():
        if problem.startswith(english):
            return danish
    if "står to gange" in problem:
        return problem
    return f"filen kan ikke læses som YAML ({problem})"


def without_lines(value: Any) -> Any:
    """Raw YAML data without the loader's ``__line__`` keys."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value

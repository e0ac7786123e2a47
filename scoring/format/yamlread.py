"""Safe YAML reading that remembers the line of every value and refuses bombs.

The loader is a `yaml.SafeLoader` whose scalar rules follow YAML 1.2 for booleans:
only `true` and `false` are booleans, so an unquoted `No` or `off` stays the text
the author wrote instead of turning into `False`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """The text is not YAML this project will read; `line` is 1-based or None.

    `others` holds further unreadable values found in the same file, as (line, message).
    """

    def __init__(self, message: str, line: int | None = None, others: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.others = others or []

    def all(self) -> list[tuple[int | None, str]]:
        """This problem and the others, in file order."""
        return [(self.line, self.message), *self.others]


if TYPE_CHECKING:  # typed as the pure-Python loader, whose methods libyaml's mirrors
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML was built with it


class _Loader(_SafeLoader):
    """SafeLoader without the YAML 1.1 yes/no/on/off booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

YAML11_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n"}


@dataclass
class LinedDocument:
    """Plain Python data plus the line (1-based) where each path starts."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """Line of `path`, or of the nearest enclosing value that has one."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def read_yaml(text: str | bytes) -> LinedDocument:
    """Parse one YAML document safely, refusing oversized, deep or alias-bomb input."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise YamlProblem(f"the file is larger than {MAX_BYTES // 1000} kB")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise YamlProblem(f"the file is not UTF-8 text (byte {exc.start})") from None
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(f"the file is larger than {MAX_BYTES // 1000} kB")
    _check_shape(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    doc = LinedDocument(data=None)
    if root is None:
        return doc
    builder = _Builder(loader, doc.lines)
    doc.data = builder.build(root)
    if builder.unreadable:
        (line, message), *others = builder.unreadable
        raise YamlProblem(message, line, others)
    return doc


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    line = _line(exc.problem_mark or exc.context_mark)
    if "maximum nesting depth" in str(exc):  # libyaml stops at its own limit, deeper than ours
        return YamlProblem(f"the file is nested more than {MAX_DEPTH} levels deep", line)
    reason = exc.problem or exc.context or "unreadable YAML"
    hint = ""
    if "found character '\\t'" in str(exc):
        hint = " (YAML indentation must use spaces, not tabs)"
    return YamlProblem(f"YAML syntax error: {reason}{hint}", line)


def _check_shape(text: str) -> None:
    """Walk the parser's events (not recursive) to refuse deep nesting before composing."""
    depth = events = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            events += 1
            if events > MAX_NODES:
                raise YamlProblem(f"the file has more than {MAX_NODES} YAML values")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(f"the file is nested more than {MAX_DEPTH} levels deep", _line(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent) and events > 2:
                raise YamlProblem(
                    "the file holds more than one YAML document (remove the '---' separator)", _line(event.start_mark)
                )
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, counting every node visited.

    Aliases are expanded, so the count guards against "billion laughs" documents. A value
    that cannot be constructed (a 30 February, `!!int "zz"`, a 5,000-digit number) becomes
    None and is listed in `unreadable` with its line, so that every such value is reported.
    """

    def __init__(self, loader: _Loader, lines: dict[Path, int]):
        self.loader = loader
        self.lines = lines
        self.visited = 0
        self.unreadable: list[tuple[int, str]] = []

    def build(self, node: yaml.Node, path: Path = (), depth: int = 0) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise YamlProblem(
                f"the file expands to more than {MAX_NODES} values (too many aliases?)",
                node.start_mark.line + 1,
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"the file is nested more than {MAX_DEPTH} levels deep", node.start_mark.line + 1)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("merge keys ('<<') are not supported; write the keys out", line)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("a mapping key must be a plain word, not a list or mapping", line)
            key = self._scalar(key_node)
            if isinstance(key, bool | int | float) or key is None:
                key = str(key_node.value)
            if key in result:
                raise YamlProblem(f"the key '{key}' appears twice in the same mapping", line)
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,), depth + 1)
            self.lines[path + (key,)] = line
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            reason = exc.problem or "this value cannot be read"
        except Exception as exc:  # noqa: BLE001 - any failure (!!timestamp x, 30 February, 5,000 digits) is the author's to fix
            reason = _reason(exc, node)
        self.unreadable.append((node.start_mark.line + 1, f"unreadable value {_shown(node.value)}: {reason}"))
        return None


class _Mark(Protocol):
    """Where the parser is: PyYAML's and libyaml's marks both have a 0-based `line`."""

    line: int


def _line(mark: _Mark | None) -> int | None:
    """The 1-based line of a parser mark (events and errors carry one, their types allow None)."""
    return mark.line + 1 if mark else None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _reason(exc: Exception, node: yaml.Node) -> str:
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"a number may have at most {sys.get_int_max_str_digits()} digits"
    if isinstance(exc, ValueError | OverflowError):
        return _first_line(exc)
    tag = node.tag.rsplit(":", 1)[-1]
    return f"it is not a valid {tag}" if node.tag.startswith("tag:yaml.org,2002:") else "this value cannot be read"


def _shown(value: str) -> str:
    """The value as the author wrote it, short enough for one line."""
    flat = " ".join(str(value).split())
    return f"'{flat[:40]}…'" if len(flat) > 40 else f"'{flat}'"

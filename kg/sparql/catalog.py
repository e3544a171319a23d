"""The query catalog: one `.rq` file per question researchers ask, in `ontology/queries/`.

Each file starts with comment lines: the first states the question; a line
`# Parameter ?name (kind): description` declares a value the user may change, whose default sits in
the query on a line `VALUES ?name { default }`; the default `UNDEF` leaves the variable free, so
that the query answers on any store (for every document, official, year) until a value is given. The files are plain SPARQL 1.1 with their own PREFIX
lines, so they run unchanged in `kg query -f`, at the endpoint, in YASGUI or in any other store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Mapping

import pyoxigraph as ox

from kg.sparql.binding import KINDS, BindingError, bind_values, to_term, values_line

PARAMETER = re.compile(r"^#\s*Parameter\s+\?(?P<name>\w+)\s+\((?P<kind>\w+)\):\s*(?P<description>.*)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    description: str
    default: str  # the default term as written in the query

    @property
    def value(self) -> str:
        """The default as a user would type it: the string without quotes, the number, the IRI; ""
        for UNDEF (no default: the question is asked of every value)."""
        d = self.default
        if d.upper() == "UNDEF":
            return ""
        m = re.match(r'^"((?:[^"\\]|\\.)*)"', d)
        if m:
            try:
                return json.loads(f'"{m.group(1)}"')  # N-Triples string escapes are JSON's, bar \U
            except ValueError:
                return m.group(1)
        return d[1:-1] if d.startswith("<") and d.endswith(">") else d

    @property
    def example(self) -> str:
        """The example the description gives ("e.g. 67-KH/TU"), for a form's placeholder."""
        m = re.search(r"e\.g\.\s+(?P<example>.+?)(?:\s+\(|$)", self.description)
        return m["example"] if m else ""


@dataclass(frozen=True)
class CatalogQuery:
    name: str  # the file's stem, e.g. "events-implementing-plan"
    question: str
    text: str
    parameters: tuple[Parameter, ...] = field(default=())

    def bind(self, values: Mapping[str, object] | None = None) -> str:
        """The query text with the given parameter values bound (unknown names are refused). An empty
        value (a form's blank field) keeps the default, which for most parameters is any value."""
        values = {k: v for k, v in dict(values or {}).items() if not (isinstance(v, str) and v.strip() == "")}
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise BindingError(f"{self.name} has no parameter {', '.join(unknown)}; "
                               f"it takes: {', '.join(known) or 'none'}")
        terms: dict[str, ox.Literal | ox.NamedNode] = {
            n: to_term(v, known[n].kind, name=n) for n, v in values.items()}
        return bind_values(self.text, terms)

    def to_json(self) -> dict:
        return {"name": self.name, "question": self.question, "text": self.text,
                "parameters": [p.__dict__ for p in self.parameters]}


def queries_folder() -> Path:
    return Path(str(files("kg.ontology") / "queries"))


def parse_query_file(path: Path) -> CatalogQuery:
    text = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    if not comments:
        raise ValueError(f"{path}: the first line must be a comment stating the question")
    question = comments[0].lstrip("# ").strip()
    params = []
    for line in comments[1:]:
        m = PARAMETER.match(line)
        if not m:
            continue
        if m["kind"] not in KINDS:
            raise ValueError(f"{path}: parameter ?{m['name']} has kind {m['kind']!r}; use one of {', '.join(KINDS)}")
        slot = values_line(m["name"]).search(text)
        if not slot:
            raise ValueError(f"{path}: parameter ?{m['name']} has no line `VALUES ?{m['name']} {{ default }}`")
        braces = re.search(r"\{\s*(.*?)\s*\}", slot.group(0))
        if braces is None:
            raise ValueError(f"{path}: parameter ?{m['name']} has no default between {{ }} on its VALUES line")
        default = braces.group(1)
        params.append(Parameter(m["name"], m["kind"], m["description"].strip(), default))
    return CatalogQuery(path.stem, question, text, tuple(params))


def load_catalog(folder: Path | None = None) -> list[CatalogQuery]:
    folder = folder or queries_folder()
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def catalog_query(name: str, folder: Path | None = None) -> CatalogQuery:
    for q in load_catalog(folder):
        if q.name == name:
            return q
    names = ", ".join(q.name for q in load_catalog(folder))
    raise KeyError(f"no catalog query named {name!r}; the catalog has: {names}")

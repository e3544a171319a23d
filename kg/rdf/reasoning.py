"""Is the ontology, together with some data, consistent? HermiT (through owlready2) answers.

The ontology declares ranges and classes; the data must not contradict them (a `@vi` literal on a
property whose range is `xsd:string` does, for instance). HermiT runs in Java: it needs `java` on
the PATH (Debian's `default-jre-headless`), and `owlready2` from PyPI. Both are optional for the
tool and only the consistency check needs them.

    >>> verdict = check_consistency(store.quads())       # doctest: +SKIP
    >>> verdict.consistent, round(verdict.seconds, 1)    # doctest: +SKIP
    (True, 2.3)
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

# The ontology files HermiT reads with the data: the terms, and the unit vocabulary the statistics
# point at. The SHACL shapes are not OWL and stay out.
ONTOLOGY_FILES = ("bulletin-kg.ttl", "units.ttl")


@dataclass(frozen=True)
class Verdict:
    consistent: bool
    seconds: float  # HermiT's own run, without loading
    triples: int
    message: str = ""


def reasoner_available() -> bool:
    try:
        import owlready2  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def ontology_triples() -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for name in ONTOLOGY_FILES:
        path = resources.files("kg.ontology").joinpath(name)
        if not path.is_file():
            continue
        triples.extend(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE))
    return triples


def check_consistency(data: Iterable[ox.Quad | ox.Triple]) -> Verdict:
    """Run HermiT over the ontology and the data (the union of the quads' graphs, each triple once).
    `xsd:date` and the other datatypes outside the OWL 2 datatype map are ignored, as HermiT
    otherwise refuses them."""
    import owlready2

    seen: set[ox.Triple] = set(ontology_triples())
    for t in data:
        seen.add(ox.Triple(t.subject, t.predicate, t.object))
    with tempfile.TemporaryDirectory(prefix="kg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        path.write_bytes(ox.serialize(seen, format=ox.RdfFormat.N_TRIPLES) or b"")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        t0 = time.perf_counter()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as e:
            return Verdict(False, time.perf_counter() - t0, len(seen), str(e)[:2000])
        finally:
            world.close()
        return Verdict(True, time.perf_counter() - t0, len(seen))

"""How each class looks: one colour and one shape per class, so a reader who cannot tell two colours
apart still tells the shapes apart. The palette is Tableau 10 (chosen for colour-blind readers)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.kinds import registry


@dataclass(frozen=True)
class ClassStyle:
    name: str  # the class as the graph names it
    label: str  # as the legend shows it, English · Vietnamese
    colour: str
    shape: str  # a vis-network shape that draws its label outside (labels inside resize the shape)


# Colour and shape per top class; the label comes from the ontology.
_LOOK = {"Official": ("#e15759", "dot"), "Organization": ("#4e79a7", "hexagon"), "Document": ("#f28e2b", "triangle"),
         "Event": ("#59a14f", "star"), "Bulletin": ("#9c755f", "square"), "Statistic": ("#b07aa1", "diamond")}
CLASS_STYLE = {k.name: ClassStyle(k.name, k.label, *_LOOK[k.name]) for k in registry().kinds if k.name in _LOOK}

# Every class as the tooltip names it ("Resolution · Nghị quyết"), from the ontology's labels.
TYPE_LABEL = registry().type_label()
EDGE_COLOUR = "#b8bcc4"

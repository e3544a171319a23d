"""The files pages are made of (templates, our script and style, pyvis's copy of vis-network), read
once. A site folder holds one copy of each under assets/, which its pages load by a relative path:
inlining them cost every bulletin page 6.5 kB and every graph page 500 kB. A page served on its own
(kg serve's /viz) inlines them instead. Either way a page never fetches anything beyond file://."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
import pyvis

VIS_VERSION = "9.1.2"  # the vis-network release pyvis 0.3.2 inlines with cdn_resources="in_line"

_POLYGONS = {
    "triangle": "10,2 18.5,17 1.5,17",
    "star": "10,1.5 12.4,7.3 18.6,7.7 13.8,11.7 15.3,17.8 10,14.5 4.7,17.8 6.2,11.7 1.4,7.7 7.6,7.3",
    "diamond": "10,1.5 18.5,10 10,18.5 1.5,10",
    "hexagon": "10,1.5 17.4,5.75 17.4,14.25 10,18.5 2.6,14.25 2.6,5.75",
}


@cache
def asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def vis_network_js() -> str:
    path = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuntimeError(f"pyvis {pyvis.__version__} has no {path.name} at {path.parent}: "
                           "install pyvis 0.3.2 (pip install 'pyvis==0.3.2')") from None
    return text


ASSET_DIR = "assets"
SHARED_ASSETS = ("vis-network.min.js", "graph.js", "graph.css", "pages.css", "bulletin.js")


def shared_asset(name: str) -> str:
    if name == "vis-network.min.js":
        return vis_network_js()
    if name == "pages.css":
        return asset(name) + class_rules()
    return asset(name)


def class_rules() -> str:
    """One rule per class (`.k-Official { --c: #e15759 }`) and the shape of its swatch, from the one
    table of class styles, so pages name a class instead of repeating its colour on every span."""
    from kg.viz.style import CLASS_STYLE

    clips = {"dot": "circle(50%)", "square": "inset(8%)", **{shape: "polygon(" + ", ".join(
        f"{float(x) * 5:g}% {float(y) * 5:g}%" for x, y in (p.split(",") for p in points.split())) + ")"
        for shape, points in _POLYGONS.items()}}
    lines = ["\n/* class colours and swatch shapes (kg.viz.style.CLASS_STYLE) */"]
    for name, style in CLASS_STYLE.items():
        lines.append(f".k-{name} {{ --c: {style.colour}; }}")
        lines.append(f".kg-swatch.k-{name} {{ clip-path: {clips.get(style.shape, clips['dot'])}; }}")
    lines.append(".kg-swatch { display: inline-block; width: 15px; height: 15px; background: var(--c); "
                 "vertical-align: -2px; }")
    return "\n".join(lines) + "\n"


def asset_files() -> dict[str, str]:
    """Relative path -> text of every shared asset, for the site writer."""
    return {f"{ASSET_DIR}/{name}": shared_asset(name) for name in SHARED_ASSETS}


def style_tag(name: str, prefix: str, *, inline: bool = False) -> str:
    """The <link> to a shared style sheet (or, inline, the sheet itself)."""
    if inline:
        return f"<style>{shared_asset(name)}</style>"
    return f'<link rel="stylesheet" href="{prefix}{ASSET_DIR}/{name}">'


def script_tag(name: str, prefix: str, *, inline: bool = False) -> str:
    """The <script> of a shared script (its text, inline)."""
    if inline:
        text = shared_asset(name)
        if "</script" in text.lower():  # would end the inline <script> early
            raise RuntimeError(f"{name} contains '</script' and cannot be inlined")
        return f"<script>{text}</script>"
    return f'<script src="{prefix}{ASSET_DIR}/{name}"></script>'


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("kg.viz", "templates"), autoescape=True,
                              trim_blocks=False, lstrip_blocks=False)


def script_json(data) -> str:
    """JSON that is safe inside a <script> element (no '</script>' or '<!--' can appear in it)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def icon_svg(shape: str, colour: str) -> str:
    """The legend's shape as inline SVG, matching graph.js's shapeIcon."""
    if shape == "square":
        body = '<rect x="3" y="3" width="14" height="14"'
    elif shape in _POLYGONS:
        body = f'<polygon points="{_POLYGONS[shape]}"'
    else:
        body = '<circle cx="10" cy="10" r="7.5"'
    return (f'<svg class="kg-icon" viewBox="0 0 20 20" aria-hidden="true">{body} fill="{colour}" '
            'stroke="rgba(0,0,0,0.35)" stroke-width="1"/></svg>')

"""The query page served at `/`: one self-contained HTML file (no CDN, no network beyond the
endpoint itself) with a query editor, the catalog in a menu, a results table, and links from each
IRI to the visualization of that node.

Parameter values typed into the page are bound by the server (`/catalog/NAME.rq?param=value`), never
pasted into the query text by the page's script.
"""

from __future__ import annotations

import json

from kg.sparql.catalog import CatalogQuery
from kg.store import PREFIXES

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bulletin-kg · SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #1d2733; }
  header { display: flex; gap: 1rem; align-items: baseline; border-bottom: 1px solid #d0d7de; }
  h1 { font-size: 1.2rem; margin: .8rem 0; }
  .muted { color: #5b6673; font-size: .9em; }
  #catalog { width: 100%; max-width: 60rem; margin: .6rem 0; padding: .3rem; font-size: 1em; }
  #question { margin: .2rem 0 .6rem; font-style: italic; }
  #params label { margin-right: 1rem; }
  #params input { margin-left: .3rem; padding: .2rem; min-width: 14rem; }
  textarea { width: 100%; height: 18rem; font: 13px/1.35 ui-monospace, monospace; box-sizing: border-box;
             border: 1px solid #b8c1cc; border-radius: 4px; padding: .5rem; tab-size: 2; }
  .bar { display: flex; gap: .8rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
  button { padding: .35rem 1rem; font-size: 1em; cursor: pointer; }
  #status.error { color: #a40e26; white-space: pre-wrap; font-family: ui-monospace, monospace; }
  #status.warn { color: #8a5a00; }
  table { border-collapse: collapse; margin-top: .5rem; font-size: .92em; }
  th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f3f5f7; position: sticky; top: 0; }
  td .lang, td .dt { color: #6e7781; font-size: .8em; margin-left: .3em; }
  a { color: #0b5cad; }
</style>
</head>
<body>
<header><h1>bulletin-kg · SPARQL</h1>
<span class="muted">endpoint: <code id="endpoint"></code> · time limit __LIMIT__ s · at most __ROWS__ rows ·
predeclared prefixes: <code>__PREFIXES__</code></span></header>

<select id="catalog" aria-label="Catalog of questions"><option value="">— a question from the catalog —</option></select>
<div id="question"></div>
<div id="params"></div>
<textarea id="query" spellcheck="false" aria-label="SPARQL query">SELECT ?class (COUNT(DISTINCT ?node) AS ?nodes)
WHERE { GRAPH ?g { ?node a ?class } }
GROUP BY ?class ORDER BY DESC(?nodes)</textarea>
<div class="bar">
  <button id="run" title="Ctrl+Enter">Run</button>
  <span>download:
    <a href="#" data-format="csv">CSV</a> · <a href="#" data-format="tsv">TSV</a> ·
    <a href="#" data-format="json">JSON</a> · <a href="#" data-format="xml">XML</a> ·
    <a href="#" data-format="turtle">Turtle</a></span>
  <span id="status"></span>
</div>
<div id="results"></div>

<script id="catalog-data" type="application/json">__CATALOG__</script>
<script id="prefix-data" type="application/json">__PREFIXMAP__</script>
<script>
"use strict";
const VIZ_URL = __VIZURL__;
const catalog = JSON.parse(document.getElementById("catalog-data").textContent);
const prefixes = JSON.parse(document.getElementById("prefix-data").textContent);
const $ = (id) => document.getElementById(id);
const endpoint = new URL("sparql", document.baseURI).href;
$("endpoint").textContent = endpoint;

for (const q of catalog) {
  const o = document.createElement("option");
  o.value = q.name; o.textContent = q.question;
  $("catalog").appendChild(o);
}

function chooseQuery(name) {
  const q = catalog.find((c) => c.name === name);
  $("params").replaceChildren();
  $("question").textContent = q ? q.name + ".rq" : "";
  if (!q) return;
  $("query").value = q.text;
  for (const p of q.parameters) {
    const label = document.createElement("label");
    label.textContent = "?" + p.name + " (" + p.kind + ")";
    label.title = p.description;
    const input = document.createElement("input");
    input.value = p.value; input.dataset.name = p.name;
    input.placeholder = p.example ? "any (e.g. " + p.example + ")" : "any";
    input.addEventListener("change", () => bindParameters(q));
    label.appendChild(input);
    $("params").appendChild(label);
  }
}

async function bindParameters(q) {
  // The server binds the values as RDF terms; the page never splices them into the text.
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) params.set(input.dataset.name, input.value);
  const response = await fetch("catalog/" + encodeURIComponent(q.name) + ".rq?" + params);
  const text = await response.text();
  if (response.ok) { $("query").value = text; setStatus(""); }
  else setStatus(text, "error");
}

function setStatus(text, cls) { $("status").textContent = text; $("status").className = cls || ""; }

function shorten(iri) {
  for (const [p, ns] of Object.entries(prefixes)) if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
  return iri;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = VIZ_URL.replace("{iri}", encodeURIComponent(term.value));
    a.textContent = shorten(term.value); a.title = term.value + " (show in the visualization)";
    td.appendChild(a);
  } else {
    td.appendChild(document.createTextNode(term.type === "bnode" ? "_:" + term.value : String(term.value)));
    const extra = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? shorten(term.datatype) : "";
    if (extra) { const s = document.createElement("span"); s.className = term["xml:lang"] ? "lang" : "dt";
                 s.textContent = extra; td.appendChild(s); }
  }
  return td;
}

function table(head, rows) {
  const t = document.createElement("table");
  const tr = document.createElement("tr");
  for (const h of head) { const th = document.createElement("th"); th.textContent = h; tr.appendChild(th); }
  t.appendChild(tr);
  for (const r of rows) { const row = document.createElement("tr"); r.forEach((c) => row.appendChild(cell(c))); t.appendChild(row); }
  return t;
}

async function run() {
  const query = $("query").value;
  setStatus("running…");
  $("results").replaceChildren();
  const started = performance.now();
  let response;
  try {
    response = await fetch(endpoint, { method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.9" },
      body: new URLSearchParams({ query }) });
  } catch (err) { setStatus("the endpoint does not answer: " + err, "error"); return; }
  const ms = Math.round(performance.now() - started);
  if (!response.ok) { setStatus(response.status + " " + (await response.text()), "error"); return; }
  const truncated = response.headers.get("X-SPARQL-Truncated") === "true";
  const type = response.headers.get("Content-Type") || "";
  let count;
  if (type.startsWith("application/sparql-results+json")) {
    const data = await response.json();
    if ("boolean" in data) { $("results").textContent = String(data.boolean); count = 1; }
    else {
      const vars = data.head.vars;
      const rows = data.results.bindings.map((b) => vars.map((v) => b[v]));
      $("results").appendChild(table(vars, rows)); count = rows.length;
    }
  } else {
    const lines = (await response.text()).split("\\n").filter((l) => l.trim());
    const rows = lines.map(parseNTriple);
    $("results").appendChild(table(["subject", "predicate", "object"], rows)); count = rows.length;
  }
  setStatus(count + " result(s) in " + ms + " ms" + (truncated ? " — cut at the row limit; add a LIMIT or narrow the query" : ""),
            truncated ? "warn" : "");
}

function parseNTriple(line) {
  // Enough of N-Triples to show a CONSTRUCT result: IRIs, blank nodes and literals.
  const terms = [];
  const re = /<([^>]*)>|(_:\\S+)|"((?:[^"\\\\]|\\\\.)*)"(?:@([\\w-]+)|\\^\\^<([^>]*)>)?/g;
  let m;
  while ((m = re.exec(line)) && terms.length < 3) {
    if (m[1] !== undefined) terms.push({ type: "uri", value: m[1] });
    else if (m[2]) terms.push({ type: "bnode", value: m[2].slice(2) });
    else {
      let value = m[3];
      try { value = JSON.parse('"' + m[3] + '"'); } catch (e) { /* \\U escapes: show as written */ }
      terms.push({ type: "literal", value, "xml:lang": m[4], datatype: m[5] });
    }
  }
  return terms;
}

$("catalog").addEventListener("change", (e) => chooseQuery(e.target.value));
$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
for (const a of document.querySelectorAll("a[data-format]")) {
  a.addEventListener("click", (e) => {
    e.preventDefault();
    window.open(endpoint + "?" + new URLSearchParams({ query: $("query").value, format: a.dataset.format }));
  });
}
</script>
</body>
</html>
"""


def _script_json(value) -> str:
    # Inside <script>, "</" would end the element early; JSON allows escaping the slash.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_page(catalog: list[CatalogQuery], config) -> bytes:
    entries = []
    for q in catalog:
        entry = q.to_json()
        for p, param in zip(entry["parameters"], q.parameters):
            p["value"] = param.value
            p["example"] = param.example
        entries.append(entry)
    page = (PAGE.replace("__LIMIT__", str(config.time_limit_s))
            .replace("__ROWS__", f"{config.max_rows:,}")
            .replace("__PREFIXES__", " ".join(f"{p}:" for p in PREFIXES))
            .replace("__VIZURL__", _script_json(config.viz_url))
            .replace("__PREFIXMAP__", _script_json(PREFIXES))
            .replace("__CATALOG__", _script_json(entries)))
    return page.encode("utf-8")

/* bulletin-kg graph pages: legend, class and date filters, search, tooltips, details, physics.
 *
 * Runs inside a page written by `kg viz`, after vis-network has drawn `network` from the DataSets
 * `nodes` and `edges`. Each node carries its facts in `node.kg` (label, class, type, positions,
 * dates, bulletins, evidence). Nothing is fetched: the page works from file:// with no network.
 *
 * window.kgState reports what the page did (used by tests and the benchmark):
 *   stabilized, stabilizedMs (ms since navigation start), visible, selected;
 *   animating (a centring animation is running) and drawPending (nodes changed since the canvas was
 *   last drawn), so that a test waits for the page, not for a guessed delay.
 */
"use strict";

function kgSetup(network, nodes, edges) {
  var cfg = JSON.parse(document.getElementById("kg-config").textContent);
  var byClass = {};
  cfg.classes.forEach(function (c) { byClass[c.name] = c; });
  if (!byClass.Bulletin) { byClass.Bulletin = cfg.bulletinClass; }  // bulletins unfolded on demand
  var members = JSON.parse(document.getElementById("kg-members").textContent);
  var state = {
    classes: new Set(cfg.classes.map(function (c) { return c.name; }).concat(["Bulletin"])),
    from: "", to: "", month: "", dimmed: false, matches: [], matchIndex: 0, lastQuery: "",
    open: new Set(), unfolded: new Set(),
  };
  var kgState = window.kgState = {
    stabilized: false, stabilizedMs: null, iterations: 0, visible: nodes.length, selected: null,
    total: nodes.length, messages: [], animating: false, drawPending: true, undatedHidden: 0,
    opened: [], clusters: cfg.clusters || 0,
  };
  var $ = function (id) { return document.getElementById(id); };

  // -- physics: stabilise off-screen, then freeze so the page stops moving and stops using the CPU --
  var physicsOn = true;
  $("kg-loading-count").textContent = nodes.length.toLocaleString("en");
  network.on("stabilizationProgress", function (p) {
    var pct = Math.round(100 * p.iterations / p.total);
    $("kg-loading-bar").style.width = pct + "%";
    $("kg-loading-pct").textContent = pct + "%";
  });
  function freeze() {
    if (kgState.stabilized) { return; }
    network.setOptions({physics: {enabled: false}});
    physicsOn = false;
    kgState.stabilized = true;
    if (kgState.stabilizedMs === null) { kgState.stabilizedMs = Math.round(performance.now()); }
    $("kg-loading").hidden = true;
    updatePhysicsButton();
    fitVisible(false);
    status();
  }
  /* Lay out again what was just added (a cluster's members, a node's bulletins), then freeze. */
  function relayout() {
    kgState.stabilized = false;
    network.setOptions({physics: {enabled: true, stabilization: {enabled: true, iterations: 150, updateInterval: 50,
                                                                  fit: false}}});
    network.once("stabilized", freeze);
    network.stabilize(150);
  }
  nodes.on("*", function () { kgState.drawPending = true; });
  network.on("afterDrawing", function () { kgState.drawPending = false; });
  network.on("animationFinished", function () { kgState.animating = false; });
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  // A graph too small to need stabilisation iterations may never emit either event.
  setTimeout(function () { if (!kgState.stabilized && nodes.length < 3) { freeze(); } }, 50);

  function updatePhysicsButton() {
    var b = $("kg-physics");
    b.textContent = physicsOn ? "Physics: on" : "Physics: off";
    b.setAttribute("aria-pressed", physicsOn ? "true" : "false");
  }
  $("kg-physics").addEventListener("click", function () {
    physicsOn = !physicsOn;
    network.setOptions({physics: {enabled: physicsOn}});
    if (physicsOn) { network.startSimulation(); }
    updatePhysicsButton();
  });
  $("kg-fit").addEventListener("click", function () { fitVisible(true); });

  // -- legend, which is also the class filter --
  var legend = $("kg-legend");
  cfg.classes.forEach(function (c) {
    var li = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = c.name; box.dataset.cls = c.name;
    box.addEventListener("change", function () {
      var before = new Set(state.classes);
      if (box.checked) { state.classes.add(c.name); } else { state.classes.delete(c.name); }
      if (!applyFilters()) { state.classes = before; box.checked = !box.checked; }
    });
    label.appendChild(box);
    label.appendChild(shapeIcon(c.shape, c.colour));
    var name = document.createElement("span");
    name.textContent = c.label;
    label.appendChild(name);
    var count = document.createElement("span");
    count.className = "kg-count";
    count.textContent = c.count.toLocaleString("en");
    label.appendChild(count);
    li.appendChild(label);
    legend.appendChild(li);
  });
  $("kg-all-classes").addEventListener("click", function () {
    state.classes = new Set(cfg.classes.map(function (c) { return c.name; }));
    legend.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    applyFilters();
  });

  // -- date range --
  var from = $("kg-date-from"), to = $("kg-date-to");
  if (cfg.dateMin) { from.min = to.min = cfg.dateMin; from.value = cfg.dateMin; }
  if (cfg.dateMax) { from.max = to.max = cfg.dateMax; to.value = cfg.dateMax; }
  if (!cfg.dateMin) { from.disabled = to.disabled = true; }
  state.from = from.value; state.to = to.value;
  function onDate() {
    var before = [state.from, state.to];
    state.from = from.value; state.to = to.value;
    if (!applyFilters()) {
      state.from = before[0]; state.to = before[1];
      from.value = before[0]; to.value = before[1];
    }
  }
  from.addEventListener("change", onDate);
  to.addEventListener("change", onDate);
  $("kg-date-reset").addEventListener("click", function () {
    from.value = cfg.dateMin || ""; to.value = cfg.dateMax || "";
    $("kg-month").value = ""; state.month = "";
    onDate();
  });

  var month = $("kg-month");
  month.addEventListener("change", function () {
    var before = state.month;
    state.month = month.value;
    if (!applyFilters()) { state.month = before; month.value = before; }
  });
  function datesNarrowed() {
    return !!state.month || (cfg.dateMin && state.from !== cfg.dateMin) || (cfg.dateMax && state.to !== cfg.dateMax);
  }
  /* A node matches a date filter when it is seen in the period; an undated node never matches one
   * (it is counted apart instead of shown as if it did). */
  function inDates(k) {
    if (!datesNarrowed()) { return true; }
    if (!k.first) { return null; }
    if (state.month && (k.months || []).indexOf(state.month) < 0) { return false; }
    if (state.from && k.last < state.from) { return false; }
    if (state.to && k.first > state.to) { return false; }
    return true;
  }
  function structural(n) {
    if (n.kg.isCluster) { return !state.open.has(n.id); }
    return true;
  }

  /* Show the nodes that pass every filter. A filter that would leave nothing on screen is refused
   * (the page keeps what it showed and says why), so the canvas is never blanked. */
  function applyFilters() {
    var changes = [], shown = [], undated = 0;
    nodes.forEach(function (n) {
      var visible;
      if (n.kg.isCluster) { visible = structural(n); } else {
        var dated = n.id === cfg.centre ? true : inDates(n.kg);
        if (dated === null && state.classes.has(n.kg.cls)) { undated += 1; }
        visible = state.classes.has(n.kg.cls) && dated === true;
      }
      if (visible && !n.kg.isCluster) { shown.push(n.id); }
      if (!!n.hidden === visible) { changes.push({id: n.id, hidden: !visible}); }
    });
    // An overview with no cluster open shows clusters only: nothing is blanked by its filters.
    if (shown.length === 0 && !(kgState.clusters && state.open.size === 0)) {
      message("No node matches these filters, so they were not applied.");
      return false;
    }
    message(undated ? undated.toLocaleString("en") + " undated node" + (undated === 1 ? " is" : "s are") +
      " not shown: they cannot match a date filter." : "");
    kgState.undatedHidden = undated;
    if (changes.length) { nodes.update(changes); }
    kgState.visible = shown.length;
    fitVisible(false);
    status();
    return true;
  }

  function fitVisible(animate) {
    var ids = nodes.getIds({filter: function (n) { return !n.hidden; }});
    network.fit({nodes: ids, animation: animate ? {duration: 300} : false});
  }

  function status() {
    var s = "Showing " + kgState.visible.toLocaleString("en") + " of " + kgState.total.toLocaleString("en") +
      " nodes on this page";
    if (kgState.clusters) {
      s = kgState.clusters + " clusters, " + state.open.size + " open; showing " + kgState.visible.toLocaleString("en") +
        " of their " + members.nodes.length.toLocaleString("en") + " members";
    }
    if (!kgState.stabilized) { s += " (laying out…)"; }
    $("kg-status").textContent = s + ".";
  }
  function message(text) {
    var m = $("kg-message");
    m.textContent = text;
    m.hidden = !text;
    if (text) { kgState.messages.push(text); }
  }

  // -- clusters (the overview): a community drawn as one node opens into its members --
  function openCluster(id) {
    var c = nodes.get(id);
    if (!c || !c.kg.isCluster || state.open.has(id)) { return false; }
    var at = network.getPositions([id])[id] || {x: 0, y: 0};
    var add = members.nodes.filter(function (m) { return m.kg.cluster === id && !nodes.get(m.id); });
    var r = 40 + 12 * Math.sqrt(add.length);
    add = add.map(function (m, i) {
      var a = 2 * Math.PI * i / Math.max(1, add.length);
      return Object.assign({}, m, {x: at.x + r * Math.cos(a), y: at.y + r * Math.sin(a)});
    });
    state.open.add(id);
    nodes.add(add);
    var present = function (e) { return nodes.get(e.from) && nodes.get(e.to); };
    edges.add(members.edges.filter(function (e, i) {
      e.id = e.id || "m" + i;
      return present(e) && !edges.get(e.id);
    }));
    kgState.opened = Array.from(state.open);
    applyFilters();
    relayout();
    return true;
  }
  function closeCluster(id) {
    if (!state.open.has(id)) { return; }
    clearHighlight();
    nodes.remove(nodes.getIds({filter: function (n) { return n.kg.cluster === id; }}));
    state.open.delete(id);
    kgState.opened = Array.from(state.open);
    applyFilters();
  }
  kgState.openCluster = openCluster;
  kgState.closeCluster = closeCluster;

  // -- a focused view folds bulletins into counts; a node's details can unfold them --
  function unfoldBulletins(id) {
    var n = nodes.get(id);
    if (!n || state.unfolded.has(id)) { return 0; }
    state.unfolded.add(id);
    var at = network.getPositions([id])[id] || {x: 0, y: 0};
    var add = [], links = [], c = byClass.Bulletin;
    n.kg.bulletins.forEach(function (b, i) {
      var bid = "bulletin:" + b, info = cfg.bulletins[b] || [b, "", ""];
      if (!nodes.get(bid)) {
        var a = 2 * Math.PI * i / Math.max(1, n.kg.bulletins.length);
        var style = {color: {background: c.colour, border: "rgba(0,0,0,0.35)"},
                     font: {color: "#1d2330", strokeWidth: 3, strokeColor: "#ffffff", size: 11}};
        add.push({id: bid, shape: c.shape, value: 1, label: (info[1] ? info[1] + " " : "") + info[0].slice(0, 24),
                  color: style.color, font: style.font, x: at.x + 90 * Math.cos(a), y: at.y + 90 * Math.sin(a),
                  kg: {label: info[0], cls: "Bulletin", type: "Bulletin", typeLabel: c.label, iri: bid, degree: 1,
                       first: info[1] || null, last: info[1] || null, months: info[1] ? [info[1].slice(0, 7)] : [],
                       bulletins: [b], bulletinCount: 1, bulletinId: b, facts: [], evidence: [], page: info[2],
                       style: style}});
      }
      links.push({id: "u:" + id + ":" + b, from: bid, to: id, dashes: [2, 4], width: 1});
    });
    nodes.add(add);
    edges.add(links.filter(function (e) { return !edges.get(e.id); }));
    applyFilters();
    relayout();
    return add.length;
  }
  kgState.unfoldBulletins = unfoldBulletins;

  // -- search: accent- and case-insensitive, centres on and highlights the best match --
  var labels = $("kg-labels");
  var seen = new Set();
  nodes.forEach(function (n) {
    if (seen.has(n.kg.label)) { return; }
    seen.add(n.kg.label);
    var o = document.createElement("option");
    o.value = n.kg.label;
    labels.appendChild(o);
  });
  $("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search($("kg-search-input").value);
  });

  function search(query) {
    var q = fold(query);
    if (!q) { clearHighlight(); return null; }
    if (q !== state.lastQuery) {
      var scored = [];
      nodes.forEach(function (n) {
        if (n.kg.isCluster) { return; }  // its members are searched instead
        var l = fold(n.kg.label), num = fold(n.kg.number || "");
        var rank = (l === q || num === q) ? 0 : l.indexOf(q) === 0 ? 1 : (l.indexOf(q) >= 0 || num.indexOf(q) >= 0) ? 2 : -1;
        if (rank >= 0) { scored.push([rank, -n.kg.degree, n.kg.label, n.id]); }
      });
      scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
      state.matches = scored.map(function (s) { return s[3]; });
      state.matchIndex = 0;
      state.lastQuery = q;
    } else if (state.matches.length) {
      state.matchIndex = (state.matchIndex + 1) % state.matches.length;  // Find again: next match
    }
    if (!state.matches.length && kgState.clusters) {
      var inside = members.nodes.filter(function (m) {
        var l = fold(m.kg.label), num = fold(m.kg.number || "");
        return l.indexOf(q) >= 0 || num.indexOf(q) >= 0;
      }).sort(function (a, b) {
        return (fold(a.kg.label) === q ? 0 : 1) - (fold(b.kg.label) === q ? 0 : 1) || b.kg.degree - a.kg.degree;
      });
      if (inside.length) {
        openCluster(inside[0].kg.cluster);
        state.lastQuery = "";
        return search(query);
      }
    }
    if (!state.matches.length) {
      message("Nothing labelled “" + query + "” on this page. It may be among the nodes left out: " +
        "kg viz --focus \"" + query + "\" draws its neighbourhood.");
      return null;
    }
    var id = state.matches[state.matchIndex];
    var n = nodes.get(id);
    if (n.hidden) {
      nodes.update({id: id, hidden: false});
      kgState.visible += 1;
      message("“" + n.kg.label + "” was hidden by the filters and is shown again.");
    } else {
      message(state.matches.length > 1 ? "Match " + (state.matchIndex + 1) + " of " + state.matches.length +
        " (Find again for the next)." : "");
    }
    highlight(id, true);
    return id;
  }

  function highlight(id, centre) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var changes = [];
    nodes.forEach(function (n) {
      var dim = !keep.has(n.id);
      if (dim || state.dimmed) {
        changes.push(dim ? {id: n.id, color: DIMMED, font: Object.assign({}, n.kg.style.font, {color: "#b5b8bf"})}
                         : {id: n.id, color: n.kg.style.color, font: n.kg.style.font});
      }
    });
    nodes.update(changes);
    state.dimmed = true;
    network.selectNodes([id]);
    kgState.selected = id;
    showDetails(id);
    if (centre) {
      // The details panel narrows the canvas: resize it first, or the node is centred in the old width.
      network.setSize("100%", "100%");
      network.redraw();
      kgState.animating = true;
      network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    }
  }

  function clearHighlight() {
    if (state.dimmed) {
      nodes.update(nodes.map(function (n) {
        return {id: n.id, color: n.kg.style.color, font: n.kg.style.font};
      }));
      state.dimmed = false;
    }
    network.unselectAll();
    kgState.selected = null;
    $("kg-details").hidden = true;
  }

  network.on("click", function (p) {
    if (p.nodes.length && nodes.get(p.nodes[0]).kg.isCluster) { openCluster(p.nodes[0]); return; }
    if (p.nodes.length) { highlight(p.nodes[0], false); } else if (!p.edges.length) { clearHighlight(); }
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearHighlight(); } });
  $("kg-details-close").addEventListener("click", clearHighlight);

  // -- tooltip on hover --
  var tip = $("kg-tooltip");
  network.on("hoverNode", function (p) {
    var n = nodes.get(p.node);
    tip.replaceChildren(describe(n, false));
    tip.hidden = false;
    var wrap = tip.parentElement.getBoundingClientRect();
    var x = p.event.clientX - wrap.left + 14, y = p.event.clientY - wrap.top + 14;
    tip.style.left = Math.min(x, wrap.width - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(y, wrap.height - tip.offsetHeight - 8) + "px";
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  function showDetails(id) {
    var n = nodes.get(id);
    var body = $("kg-details-body");
    body.replaceChildren(describe(n, true));
    $("kg-details").hidden = false;
  }

  /* The facts of one node: label, type, positions, dates, the bulletins behind it and quoted evidence.
   * `full` adds links to the bulletin pages, the neighbours and the command that focuses on it. */
  function describe(n, full) {
    var k = n.kg;
    if (k.isCluster) { return describeCluster(n, full); }
    var c = byClass[k.cls];
    var box = el("div", "kg-describe");
    var head = el("div", "kg-head");
    head.appendChild(shapeIcon(c.shape, c.colour));
    head.appendChild(el("strong", "", k.label));
    box.appendChild(head);
    box.appendChild(el("div", "kg-type", k.typeLabel));
    var limit = full ? 1000 : 4;
    if (k.positions && k.positions.length) {
      box.appendChild(el("div", "kg-h", "Positions"));
      var ul = el("ul", "");
      k.positions.slice(0, limit).forEach(function (p) {
        ul.appendChild(el("li", "", p[0] + (p[1] ? " (" + p[1] + ")" : "")));
      });
      if (k.positions.length > limit) { ul.appendChild(el("li", "kg-more", "+" + (k.positions.length - limit) + " more")); }
      box.appendChild(ul);
    }
    var facts = [];
    (k.facts || []).forEach(function (f) { facts.push(f); });
    if (k.first) { facts.push(["Seen", k.first === k.last ? k.first : k.first + " – " + k.last]); }
    if (facts.length) {
      var dl = el("dl", "");
      facts.forEach(function (f) { dl.appendChild(el("dt", "", f[0])); dl.appendChild(el("dd", "", String(f[1]))); });
      box.appendChild(dl);
    }
    if (k.bulletinCount) {
      box.appendChild(el("div", "kg-h", k.cls === "Bulletin" ? "Bulletin page" :
        "Stated by " + k.bulletinCount.toLocaleString("en") + (k.bulletinCount === 1 ? " bulletin" : " bulletins")));
      var bl = el("ul", "kg-bulletins");
      k.bulletins.slice(0, full ? 1000 : 3).forEach(function (b) {
        var info = cfg.bulletins[b] || [b, "", ""];
        var li = el("li", "");
        var text = (info[1] ? info[1] + " · " : "") + info[0];
        if (full && info[2]) {
          var a = el("a", "", text);
          a.href = info[2];
          li.appendChild(a);
        } else {
          li.textContent = text;
        }
        bl.appendChild(li);
      });
      var shownB = Math.min(k.bulletins.length, full ? 1000 : 3);
      if (k.bulletinCount > shownB) { bl.appendChild(el("li", "kg-more", "+" + (k.bulletinCount - shownB).toLocaleString("en") + " more")); }
      box.appendChild(bl);
    }
    if (k.evidence && k.evidence.length) {
      box.appendChild(el("div", "kg-h", "Evidence"));
      k.evidence.slice(0, full ? 1000 : 2).forEach(function (e) {
        var q = el("blockquote", "", "“" + e[1] + "”");
        var info = cfg.bulletins[e[0]];
        if (full && info && info[2]) {
          var a = el("a", "kg-cite", " — " + (info[1] || e[0]));
          a.href = info[2] + "#ev-" + e[2];
          q.appendChild(a);
        }
        box.appendChild(q);
      });
    }
    if (full) {
      var neighbours = network.getConnectedNodes(n.id);
      if (neighbours.length) {
        box.appendChild(el("div", "kg-h", "Linked on this page (" + neighbours.length + ")"));
        var nl = el("ul", "kg-neighbours");
        neighbours.slice(0, 60).forEach(function (id) {
          var m = nodes.get(id);
          var li = el("li", "");
          li.appendChild(shapeIcon(byClass[m.kg.cls].shape, byClass[m.kg.cls].colour));
          var b = el("button", "kg-link", m.kg.label);
          b.type = "button";
          b.addEventListener("click", function () { highlight(id, true); });
          li.appendChild(b);
          nl.appendChild(li);
        });
        box.appendChild(nl);
      }
      if (k.page) {
        var p = el("p", "");
        var a = el("a", "", "Open the bulletin page");
        a.href = k.page;
        p.appendChild(a);
        box.appendChild(p);
      }
      if (k.profile && cfg.profile) {
        var pp = el("p", "");
        var pa = el("a", "kg-profile-link", "Open its profile (every bulletin, post and link)");
        pa.href = k.profile;
        pp.appendChild(pa);
        box.appendChild(pp);
      }
      if (k.together) {
        box.appendChild(el("p", "kg-note", "Named beside the centre in " + k.together + " bulletin" +
          (k.together === 1 ? "" : "s") + ", with no relation stated."));
      }
      if (k.cls !== "Bulletin" && k.bulletins && k.bulletins.length && cfg.kind === "focus") {
        var ub = el("button", "kg-unfold", state.unfolded.has(n.id) ? "Its bulletins are drawn" :
          "Draw its " + k.bulletins.length + (k.bulletinCount > k.bulletins.length ? " latest" : "") + " bulletins");
        ub.type = "button";
        ub.disabled = state.unfolded.has(n.id);
        ub.addEventListener("click", function () { unfoldBulletins(n.id); ub.disabled = true; });
        box.appendChild(ub);
      }
      if (k.cluster) {
        var cb = el("button", "kg-link", "Close this cluster");
        cb.type = "button";
        cb.addEventListener("click", function () { closeCluster(k.cluster); });
        box.appendChild(cb);
      }
      box.appendChild(el("div", "kg-h", "Focus on it"));
      box.appendChild(el("code", "kg-cmd", "kg viz --focus \"" + (k.cls === "Bulletin" ? k.bulletinId : k.label) + "\" --depth 1"));
      box.appendChild(el("div", "kg-iri", k.iri));
    } else {
      box.appendChild(el("div", "kg-hint", "Click for links to the bulletins."));
    }
    return box;
  }

  function describeCluster(n, full) {
    var k = n.kg, box = el("div", "kg-describe");
    box.appendChild(el("strong", "", k.label));
    box.appendChild(el("div", "kg-type", k.typeLabel));
    var ul = el("ul", "kg-neighbours");
    members.nodes.filter(function (m) { return m.kg.cluster === n.id; }).slice(0, full ? 60 : 6).forEach(function (m) {
      var li = el("li", "");
      li.appendChild(shapeIcon(byClass[m.kg.cls].shape, byClass[m.kg.cls].colour));
      li.appendChild(el("span", "", m.kg.label + " · " + m.kg.bulletinCount + " bulletins"));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.appendChild(el("div", "kg-hint", "Click to open it into its " + k.members.length + " most stated members."));
    return box;
  }

  network.once("afterDrawing", status);
  status();
  kgState.search = search;
  kgState.applyFilters = applyFilters;
  kgState.clearHighlight = clearHighlight;
}

var DIMMED = {background: "#e6e7ea", border: "#d0d2d6", highlight: {background: "#e6e7ea", border: "#d0d2d6"},
  hover: {background: "#e6e7ea", border: "#9aa0aa"}};

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined) { e.textContent = text; }
  return e;
}

/* A small SVG of a vis-network shape, for the legend and the tooltips. */
function shapeIcon(shape, colour) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("class", "kg-icon");
  var s;
  var polys = {
    triangle: "10,2 18.5,17 1.5,17",
    star: "10,1.5 12.4,7.3 18.6,7.7 13.8,11.7 15.3,17.8 10,14.5 4.7,17.8 6.2,11.7 1.4,7.7 7.6,7.3",
    diamond: "10,1.5 18.5,10 10,18.5 1.5,10",
    hexagon: "10,1.5 17.4,5.75 17.4,14.25 10,18.5 2.6,14.25 2.6,5.75",
  };
  if (shape === "square") {
    s = document.createElementNS(ns, "rect");
    s.setAttribute("x", "3"); s.setAttribute("y", "3"); s.setAttribute("width", "14"); s.setAttribute("height", "14");
  } else if (polys[shape]) {
    s = document.createElementNS(ns, "polygon");
    s.setAttribute("points", polys[shape]);
  } else {
    s = document.createElementNS(ns, "circle");
    s.setAttribute("cx", "10"); s.setAttribute("cy", "10"); s.setAttribute("r", "7.5");
  }
  s.setAttribute("fill", colour);
  s.setAttribute("stroke", "rgba(0,0,0,0.35)");
  s.setAttribute("stroke-width", "1");
  svg.appendChild(s);
  return svg;
}

/* Case- and accent-insensitive form of a label, as kg.viz.views.fold computes it. */
function fold(text) {
  return String(text || "").toLowerCase().replace(/đ/g, "d").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
}

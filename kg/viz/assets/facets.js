/* The faceted index: rows arrive from data files (kgRows(kind, rows)); every change of the text box
   or a facet filters them again. Each facet's counts are over the rows every other facet lets
   through, so a count says what choosing that value would give. State for tests: window.kgBrowse. */
"use strict";
(function () {
  var config = window.kgBrowseConfig;
  var CLASSES = ["Official", "Organization", "Document", "Event", "Statistic"];
  var PAGE = 100;
  var rows = [];  // {cls, label, key, href, kind, provinces, months, roles, issuer, political, bulletins, evidence, title}
  var state = window.kgBrowse = { ready: false, loaded: 0, results: 0, shown: 0, undatedLeftOut: 0, othersLeftOut: 0 };
  var limit = PAGE;
  var $ = function (id) { return document.getElementById(id); };

  // Case, accents and digit grouping are optional: "4690" finds "4.690 đảng viên", "dang uy" finds "Đảng ủy".
  function fold(t) {
    return String(t).toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/(\d)[.,](?=\d)/g, "$1");
  }
  function el(tag, props, text) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { e[k] = props[k]; });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  window.kgRows = function (kind, data) {
    // A statistics part: its figures ("s") and the bulletins they come from ("b": [page, title,
    // month, provinces, political]), numbered within the part.
    var sources = kind === "statistics" ? data.b : [];
    (kind === "statistics" ? data.s : data).forEach(function (r) {
      if (kind === "entities") {
        rows.push({ cls: r[1], kind: r[2], label: r[3], key: fold(r[3] + " " + r[7]), href: config.profile + "#" + r[0],
          provinces: r[4], months: r[5], roles: r[6], issuer: r[7], political: r[8], bulletins: r[9], evidence: r[11] });
      } else {
        var b = sources[r[1]], href = b[0] ? b[0] + (r[2] === null ? "" : "#ev-" + r[2]) : null;
        rows.push({ cls: "Statistic", kind: "Statistic", label: r[0], key: fold(r[0]), href: href, evidence: href,
          title: b[1], months: b[2] ? [b[2]] : [], provinces: b[3], roles: [], issuer: "", political: b[4], bulletins: 1 });
      }
    });
  };

  function loadAll(i) {
    if (i >= config.data.length) { state.ready = true; buildOptions(); readHash(); update(); return; }
    var s = document.createElement("script");
    s.src = config.data[i];
    s.onload = function () {
      state.loaded = i + 1;
      if (i === 0) { buildOptions(); readHash(); update(); }
      loadAll(i + 1);
    };
    s.onerror = function () { $("kg-summary").textContent = "The data file " + config.data[i] + " is missing: write the pages again with kg viz."; };
    document.head.appendChild(s);
  }

  // -- facets --
  var selects = { cls: "kg-f-class", province: "kg-f-province", month: "kg-f-month", through: "kg-f-through", kind: "kg-f-kind",
                  role: "kg-f-role", doctype: "kg-f-doctype", issuer: "kg-f-issuer" };
  var anyLabel = { cls: "any class", province: "any province", month: "any date", through: "(same month)", kind: "any event kind",
                   role: "any role", doctype: "any document type", issuer: "any issuer" };
  function valuesOf(facet, r) {
    if (facet === "cls") { return [r.cls]; }
    if (facet === "province") { return r.provinces; }
    if (facet === "month" || facet === "through") { return r.months; }
    if (facet === "kind") { return r.cls === "Event" ? [r.kind] : []; }
    if (facet === "doctype") { return r.cls === "Document" ? [r.kind] : []; }
    if (facet === "role") { return r.roles; }
    if (facet === "issuer") { return r.issuer ? [r.issuer] : []; }
    return [];
  }
  function buildOptions() {
    Object.keys(selects).forEach(function (facet) {
      var select = $(selects[facet]), keep = select.value, seen = {};
      rows.forEach(function (r) { valuesOf(facet, r).forEach(function (v) { seen[v] = (seen[v] || 0) + 1; }); });
      var values = Object.keys(seen);
      values.sort(facet === "cls" ? function (a, b) { return CLASSES.indexOf(a) - CLASSES.indexOf(b); }
        : facet === "month" || facet === "through" ? undefined : function (a, b) { return seen[b] - seen[a] || (a < b ? -1 : 1); });
      if (facet === "issuer") { values = values.slice(0, 400); }
      select.innerHTML = "";
      select.appendChild(el("option", { value: "" }, anyLabel[facet]));
      values.forEach(function (v) { select.appendChild(el("option", { value: v }, v)); });
      select.kgNames = facet === "cls" ? config.labels : {};
      select.value = keep && seen[keep] ? keep : "";
      if (!select.kgBound) { select.addEventListener("change", function () { limit = PAGE; update(); }); select.kgBound = true; }
    });
  }

  // The choices live in the fragment (browse.html#cls=Event&province=…), so a search can be bookmarked
  // or cited; replaceState keeps the history to one entry per page.
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.has("q")) { $("kg-q").value = params.get("q"); }
    $("kg-f-others").checked = params.get("others") === "1";
    Object.keys(selects).forEach(function (f) {
      var v = params.get(f), select = $(selects[f]);
      if (v && Array.prototype.some.call(select.options, function (o) { return o.value === v; })) { select.value = v; }
    });
  }
  function writeHash() {
    var params = new URLSearchParams();
    var q = $("kg-q").value.trim();
    if (q) { params.set("q", q); }
    Object.keys(selects).forEach(function (f) { if ($(selects[f]).value) { params.set(f, $(selects[f]).value); } });
    if ($("kg-f-others").checked) { params.set("others", "1"); }
    var hash = params.toString();
    if (hash !== location.hash.replace(/^#/, "")) { history.replaceState(null, "", hash ? "#" + hash : location.pathname); }
  }

  function chosen() {
    var c = {};
    Object.keys(selects).forEach(function (f) { c[f] = $(selects[f]).value; });
    c.q = fold($("kg-q").value.trim());
    c.others = $("kg-f-others").checked;
    return c;
  }

  // Which facets a row fails (a list), so counts per facet can leave that facet out.
  function failures(r, c) {
    var out = [];
    if (c.cls && r.cls !== c.cls) { out.push("cls"); }
    if (c.q && r.key.indexOf(c.q) < 0) { out.push("q"); }
    if (c.province && r.provinces.indexOf(c.province) < 0) { out.push("province"); }
    if (c.kind && !(r.cls === "Event" && r.kind === c.kind)) { out.push("kind"); }
    if (c.doctype && !(r.cls === "Document" && r.kind === c.doctype)) { out.push("doctype"); }
    if (c.role && r.roles.indexOf(c.role) < 0) { out.push("role"); }
    if (c.issuer && r.issuer !== c.issuer) { out.push("issuer"); }
    if (c.month) {
      var to = c.through && c.through >= c.month ? c.through : c.month;
      // An undated row never matches a date: it is counted apart instead.
      if (!r.months.some(function (m) { return m >= c.month && m <= to; })) { out.push("month"); }
    }
    if (!c.others && r.political === 0) { out.push("others"); }
    return out;
  }

  function update() {
    var c = chosen(), results = [], counts = { others: 0 };
    Object.keys(selects).forEach(function (f) { counts[f] = {}; });
    var undated = 0;
    rows.forEach(function (r) {
      var fails = failures(r, c);
      if (fails.length === 0) { results.push(r); }
      if (fails.length === 1 && fails[0] === "month" && !r.months.length) { undated++; }
      if (fails.length === 1 && fails[0] === "others") { counts.others++; }
      if (fails.length > 1) { return; }
      var only = fails[0];
      Object.keys(selects).forEach(function (f) {
        var facet = f === "through" ? "month" : f;
        if (!only || only === facet) { valuesOf(f, r).forEach(function (v) { counts[f][v] = (counts[f][v] || 0) + 1; }); }
      });
    });
    showCounts(counts);
    state.q = $("kg-q").value.trim(); state.results = results.length; state.undatedLeftOut = undated; state.othersLeftOut = counts.others;
    results.sort(function (a, b) { return (a.cls === "Statistic") - (b.cls === "Statistic") || b.bulletins - a.bulletins || (a.label < b.label ? -1 : 1); });
    renderResults(results, c, undated, counts.others);
    writeHash();
  }

  function showCounts(counts) {
    Object.keys(selects).forEach(function (f) {
      Array.prototype.forEach.call($(selects[f]).options, function (o) {
        if (o.value) { o.textContent = ($(selects[f]).kgNames[o.value] || o.value) + " (" + (counts[f][o.value] || 0).toLocaleString("en") + ")"; }
      });
    });
    $("kg-n-others").textContent = "(" + counts.others.toLocaleString("en") + " left out)";
  }

  var current = [];  // the results as last filtered, for the CSV export
  function renderResults(results, c, undated, others) {
    current = results;
    var body = document.querySelector("#kg-results tbody");
    body.innerHTML = "";
    results.slice(0, limit).forEach(function (r) { body.appendChild(resultRow(r)); });
    state.shown = Math.min(limit, results.length);
    var parts = [results.length.toLocaleString("en") + " match" + (results.length === 1 ? "" : "es")];
    if (c.month) { parts.push(undated.toLocaleString("en") + " undated left out by the date filter"); }
    if (!c.others && others) { parts.push(others.toLocaleString("en") + " only in bulletins not about Party or government work (tick the box to include them)"); }
    if (!state.ready) { parts.push("still loading statistics…"); }
    $("kg-summary").textContent = parts.join("; ") + ".";
    var more = $("kg-more");
    more.hidden = results.length <= limit;
    more.textContent = "Show " + Math.min(PAGE, results.length - limit) + " more of " + (results.length - limit).toLocaleString("en");
  }

  function resultRow(r) {
    var tr = el("tr");
    var name = el("td");
    var icon = el("span"); icon.innerHTML = (config.icons[r.cls] || "") + " ";
    name.appendChild(icon);
    if (r.href) {
      name.appendChild(el("a", { href: r.href, lang: "vi", className: r.cls === "Statistic" ? "kg-evidence" : "kg-profile" }, r.label));
    } else { name.appendChild(el("span", { lang: "vi" }, r.label)); }
    if (r.title) { name.appendChild(el("div", { className: "kg-note", lang: "vi" }, r.title)); }
    tr.appendChild(name);
    tr.appendChild(el("td", {}, r.kind + (r.roles.length ? " · " + r.roles.join(", ") : "")));
    tr.appendChild(el("td", { lang: "vi" }, r.provinces.join(", ")));
    tr.appendChild(el("td", {}, r.months.length ? r.months[0] + (r.months.length > 1 ? " – " + r.months[r.months.length - 1] : "") : "undated"));
    tr.appendChild(el("td", { className: "kg-num" }, String(r.bulletins)));
    var ev = el("td");
    if (r.evidence) { ev.appendChild(el("a", { href: r.evidence, className: "kg-evidence" }, "evidence")); }
    tr.appendChild(ev);
    return tr;
  }

  // CSV of every current result (not only those shown), with the links resolved against this page,
  // so a row still leads to its profile or evidence once the file is opened elsewhere.
  function csvCell(v) { v = String(v === null || v === undefined ? "" : v); return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function downloadCsv() {
    var head = ["label", "class", "kind", "roles", "provinces", "first_month", "last_month", "bulletins", "link", "evidence", "bulletin_title"];
    var lines = [head.join(",")];
    current.forEach(function (r) {
      lines.push([r.label, r.cls, r.kind, r.roles.join("; "), r.provinces.join("; "), r.months[0] || "",
        r.months[r.months.length - 1] || "", r.bulletins, r.href ? new URL(r.href, location.href).href : "",
        r.evidence ? new URL(r.evidence, location.href).href : "", r.title || ""].map(csvCell).join(","));
    });
    var a = el("a", { href: URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv" })),
                      download: "bulletin-kg-results.csv" });
    document.body.appendChild(a); a.click(); a.remove();
    state.exported = current.length;
  }
  $("kg-csv").addEventListener("click", downloadCsv);

  var timer = null;
  $("kg-q").addEventListener("input", function () { clearTimeout(timer); limit = PAGE; timer = setTimeout(update, 120); });
  $("kg-f-others").addEventListener("change", function () { limit = PAGE; update(); });
  $("kg-more").addEventListener("click", function () { limit += PAGE; update(); });
  $("kg-reset").addEventListener("click", function () {
    $("kg-q").value = ""; $("kg-f-others").checked = false;
    Object.keys(selects).forEach(function (f) { $(selects[f]).value = ""; });
    limit = PAGE; update();
  });
  loadAll(0);
})();

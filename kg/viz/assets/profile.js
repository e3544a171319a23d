/* Profile page: show the entity the fragment names (profile.html#person/nguyen-van-a), read from the
   data shard that holds it. A shard is a <script src> (the only way a file:// page may load data),
   which calls kgShard(n, data). The page reports its state in window.kgProfile for tests. */
"use strict";
(function () {
  var config = window.kgProfileConfig;
  var shards = {};  // n -> data, once loaded
  var waiting = {};  // n -> callbacks
  var PAGE = 50;  // rows shown per group before "Show all"
  // Sections of many groups read as a summary (each group's title gives its count, first and last
  // date): a few rows each, the rest a click away.
  var SHORT = { "Posts": 3, "Co-participants": 3, "Members by post": 5 };
  var GROUPS = 30;  // groups shown per section before "Show all"
  var state = window.kgProfile = { ready: false, local: null, month: "", withOthers: false, shown: 0, error: null };
  var root = document.getElementById("kg-profile");

  function shardOf(local) {
    var bytes = new TextEncoder().encode(local), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h % config.shards;
  }
  window.kgShard = function (n, data) {
    shards[n] = data;
    (waiting[n] || []).forEach(function (f) { f(data); });
    delete waiting[n];
  };
  function load(n, done) {
    if (shards[n]) { done(shards[n]); return; }
    if (waiting[n]) { waiting[n].push(done); return; }
    waiting[n] = [done];
    var s = document.createElement("script");
    s.src = config.dir + n + ".js";
    s.onerror = function () { fail("The data file " + s.src + " is missing: write the pages again with kg viz."); };
    document.head.appendChild(s);
  }
  function fail(message) {
    state.error = message; state.ready = true;
    root.innerHTML = "";
    root.appendChild(el("p", { className: "kg-note" }, message));
  }

  function el(tag, props, text) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { e[k] = props[k]; });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function icon(cls) { var s = el("span"); s.innerHTML = config.icons[cls] || ""; return s.firstChild || s; }
  // Partial dates: '2017' (year only) and '--05-13' (no year) never match a month.
  function monthOf(date) { return date && /^\d{4}-\d{2}/.test(date) ? date.slice(0, 7) : null; }
  function dateKind(date) { return !date ? "undated" : monthOf(date) ? "dated" : "partial"; }

  function show() {
    // The fragment is the local id as written (kg.viz.paths.profile_page); a browser may also hand
    // it over percent-encoded, and an id may itself hold '%XX' (minted from a bulletin id): try both.
    var raw = location.hash.replace(/^#/, ""), decoded = raw;
    try { decoded = decodeURIComponent(raw); } catch (e) { /* a stray '%': only the raw form */ }
    state.ready = false; state.local = decoded; state.error = null;
    if (!raw) { fail("No entity chosen: open a profile from the index (browse.html) or from a graph page."); return; }
    find([raw, decoded], function (local, data) {
      if (!local) { fail("No entity " + decoded + " in this site: it may have been merged or removed; search for it in browse.html."); return; }
      state.local = local;
      render(data.e[local], data.b);
    });
  }
  function find(candidates, done) {
    if (!candidates.length) { done(null); return; }
    var local = candidates[0];
    load(shardOf(local), function (data) {
      if (data.e[local]) { done(local, data); } else { find(candidates.slice(1), done); }
    });
  }

  function render(entity, bulletins) {
    root.innerHTML = "";
    document.title = entity.l + " · bulletin-kg";
    var head = el("h1", { className: "kg-head", lang: "vi" });
    head.appendChild(icon(entity.c));
    head.appendChild(el("span", {}, entity.l));
    root.appendChild(head);
    var meta = el("p", { className: "kg-meta" });
    meta.appendChild(el("span", {}, entity.t));
    entity.p.forEach(function (p) { meta.appendChild(el("span", {}, p)); });
    entity.a.forEach(function (kv) { meta.appendChild(el("span", {}, kv[0] + ": " + kv[1])); });
    root.appendChild(meta);
    var rows = [];  // every row element with its data, for the filters
    var body = el("div");
    entity.s.forEach(function (section) { body.appendChild(renderSection(section, bulletins, rows)); });
    root.appendChild(renderControls(entity, bulletins, rows));
    root.appendChild(body);
    applyFilters(rows);
    state.ready = true;
  }

  function renderControls(entity, bulletins, rows) {
    var box = el("div", { className: "kg-controls" });
    var months = {}, undated = 0, partial = 0;
    rows.forEach(function (r) {
      var k = dateKind(r.date);
      if (k === "dated") { months[monthOf(r.date)] = (months[monthOf(r.date)] || 0) + 1; }
      else if (k === "partial") { partial++; } else { undated++; }
    });
    var keys = Object.keys(months).sort();
    var label = el("label", {}, "Month ");
    var select = el("select", { id: "kg-month" });
    select.appendChild(el("option", { value: "" }, "all dates"));
    keys.forEach(function (m) { select.appendChild(el("option", { value: m }, m + " (" + months[m] + ")")); });
    select.value = state.month && months[state.month] ? state.month : "";
    state.month = select.value;
    select.addEventListener("change", function () { state.month = select.value; applyFilters(rows); });
    label.appendChild(select);
    box.appendChild(label);
    box.appendChild(el("span", { className: "kg-note", id: "kg-undated" },
      undated + " undated row" + (undated === 1 ? "" : "s") + (partial ? ", " + partial + " with a partial date" : "") +
      " (never shown as matching a month)"));
    var away = rows.filter(function (r) { return r.political === 0; }).length;
    if (away) {
      var others = el("label", {});
      var box2 = el("input", { type: "checkbox", id: "kg-others", checked: state.withOthers });
      box2.addEventListener("change", function () { state.withOthers = box2.checked; applyFilters(rows); });
      others.appendChild(box2);
      others.appendChild(document.createTextNode(" include " + away + " row" + (away === 1 ? "" : "s") +
        " from bulletins not about Party or government work"));
      box.appendChild(others);
    }
    box.appendChild(el("span", { className: "kg-note", id: "kg-shown" }));
    var wrap = el("div");
    wrap.appendChild(renderTimeline(keys, months, select, rows));
    if (keys.length) {
      wrap.appendChild(el("p", { className: "kg-note" }, "Timeline: " + keys[0] + (keys.length > 1 ? " to " + keys[keys.length - 1] : "") +
        ", one bar per month with dated rows; click a bar to keep that month."));
    }
    wrap.appendChild(box);
    return wrap;
  }

  function renderTimeline(keys, months, select, rows) {
    var strip = el("div", { className: "kg-timeline", id: "kg-timeline", title: "Rows per month; click a month to filter" });
    var max = Math.max.apply(null, keys.map(function (m) { return months[m]; }).concat([1]));
    keys.forEach(function (m) {
      var bar = el("button", { type: "button", title: m + ": " + months[m] });
      bar.dataset.month = m;
      bar.style.height = Math.max(3, Math.round(60 * months[m] / max)) + "px";
      bar.addEventListener("click", function () {
        select.value = select.value === m ? "" : m;
        state.month = select.value;
        applyFilters(rows);
      });
      strip.appendChild(bar);
    });
    return strip;
  }

  function renderSection(section, bulletins, rows) {
    var box = el("section", { className: "kg-section" });
    var total = section[2].reduce(function (n, g) { return n + g[2].length; }, 0);
    var h = el("h2", {}, section[0] + " ");
    h.appendChild(el("span", { className: "kg-count" }, "(" + total + ")"));
    box.appendChild(h);
    box.dataset.section = section[0];
    if (section[1]) { box.appendChild(el("p", { className: "kg-note" }, section[1])); }
    var limit = section[2].length > 1 && SHORT[section[0]] ? SHORT[section[0]] : PAGE;
    var groups = section[2].map(function (group) { return renderGroup(group, bulletins, rows, limit); });
    groups.forEach(function (g, i) { g.hidden = i >= GROUPS; box.appendChild(g); });
    if (groups.length > GROUPS) {
      // A hub has hundreds of co-participants: the first ones, and a button for the rest.
      var more = el("button", { type: "button", className: "kg-more" }, "Show all " + groups.length + " (" +
        (groups.length - GROUPS) + " more)");
      more.addEventListener("click", function () { groups.forEach(function (g) { g.hidden = false; }); more.hidden = true; });
      box.appendChild(more);
    }
    return box;
  }

  function renderGroup(group, bulletins, rows, limit) {
    var box = el("div", { className: "kg-group" });
    var items = group[2];
    if (group[0]) {
      var h = el("h3", { lang: "vi" });
      if (group[1]) { h.appendChild(el("a", { href: "#" + group[1] }, group[0])); } else { h.textContent = group[0]; }
      // First and last from full dates only: a year alone ('2017') says neither.
      var dated = items.filter(function (r) { return monthOf(r[3]); }).map(function (r) { return r[3]; }).sort();
      var span = dated.length ? " · first " + dated[0] + ", last " + dated[dated.length - 1] : "";
      h.appendChild(el("span", { className: "kg-count" }, " " + items.length + " row" + (items.length === 1 ? "" : "s") + span));
      box.appendChild(h);
    }
    var list = el("ol", { className: "kg-rows" });
    var mine = items.map(function (r) { return renderRow(r, bulletins); });
    mine.forEach(function (r) { list.appendChild(r.li); rows.push(r); });
    box.appendChild(list);
    var more = el("button", { type: "button", className: "kg-more" });
    more.hidden = true;
    more.addEventListener("click", function () { list.dataset.all = "1"; applyFilters(rows); });
    box.appendChild(more);
    list.kgRows = mine; list.kgMore = more; list.kgLimit = limit;
    return box;
  }

  function renderRow(r, bulletins) {
    var b = bulletins[r[1]] || [null, null, r[1], null];
    var li = el("li");
    li.appendChild(el("span", { className: "kg-date" }, r[3] || "undated"));
    var what = el("span", { lang: "vi" });
    if (r[4]) { what.appendChild(el("a", { href: "#" + r[4] }, r[0])); } else { what.textContent = r[0]; }
    li.appendChild(what);
    var src = el("span", { className: "kg-src" });
    if (b[0]) {
      var href = b[0] + (r[2] !== null && r[2] !== undefined ? "#ev-" + r[2] : "");
      src.appendChild(el("a", { href: href, className: "kg-evidence", lang: "vi", title: "the evidence in its bulletin" },
        (b[1] ? b[1] + " · " : "") + b[2]));
    } else { src.textContent = b[2]; }
    if (r[5]) { src.appendChild(document.createTextNode(" — ")); src.appendChild(el("q", { className: "kg-quote", lang: "vi" }, r[5])); }
    if (b[3] === 0) { src.appendChild(el("span", { className: "kg-away" }, " (not about Party or government work)")); }
    li.appendChild(src);
    return { li: li, date: r[3], political: b[3] };
  }

  function applyFilters(rows) {
    var shown = 0, hiddenUndated = 0;
    document.querySelectorAll(".kg-rows").forEach(function (list) {
      var visible = 0, matching = 0;
      list.kgRows.forEach(function (r) {
        var ok = (state.withOthers || r.political !== 0) && (!state.month || monthOf(r.date) === state.month);
        if (state.month && !monthOf(r.date)) { hiddenUndated++; }
        if (ok) { matching++; }
        var on = ok && (list.dataset.all === "1" || visible < list.kgLimit);
        if (on) { visible++; }
        r.li.hidden = !on;
      });
      shown += visible;
      list.kgMore.hidden = visible >= matching;
      list.kgMore.textContent = "Show all " + matching + " (" + (matching - visible) + " more)";
    });
    document.querySelectorAll(".kg-timeline button").forEach(function (b) { b.classList.toggle("kg-on", b.dataset.month === state.month); });
    state.shown = shown;
    var note = document.getElementById("kg-shown");
    if (note) {
      note.textContent = state.month ? shown + " rows dated " + state.month + " shown; " + hiddenUndated +
        " undated or partly dated rows left out" : "";
    }
  }

  window.addEventListener("hashchange", function () { show(); window.scrollTo(0, 0); });
  show();
})();

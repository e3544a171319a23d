/* Bulletin pages: link facts and the spans of text that evidence them, both ways. */
"use strict";
(function () {
  var text = document.getElementById("kg-text");
  var marks = Array.prototype.slice.call(text.querySelectorAll("mark[data-f]"));
  var facts = Array.prototype.slice.call(document.querySelectorAll(".kg-fact[data-f]"));

  function keysOf(mark) { return mark.dataset.f.split(" "); }
  facts.forEach(function (f) { f.tabIndex = 0; });  // focusable by keyboard (set here, not in every row)
  // Each mark's tooltip names its facts (read from the fact list, not repeated in the text).
  var labels = {};
  facts.forEach(function (f) {
    var own = f.querySelector(":scope > .kg-fact-head strong, :scope > span");
    var parent = f.parentElement.closest(".kg-fact");
    var head = parent ? parent.querySelector(".kg-fact-head strong") : null;
    labels[f.dataset.f] = (head ? head.textContent + ": " : "") + (own ? own.textContent : "");
  });
  marks.forEach(function (m) {
    m.title = keysOf(m).map(function (k) { return labels[k] || k; }).join(" | ");
  });
  // A fact lights up its own spans and those of its parts (an official's positions, say).
  function covers(key, markKey) { return markKey === key || markKey.indexOf(key + "-") === 0; }

  function clear() {
    document.querySelectorAll(".kg-on").forEach(function (e) { e.classList.remove("kg-on"); });
  }
  function selectFacts(keys, scrollText) {
    clear();
    var lit = marks.filter(function (m) {
      return keysOf(m).some(function (mk) { return keys.some(function (k) { return covers(k, mk); }); });
    });
    lit.forEach(function (m) { m.classList.add("kg-on"); });
    facts.forEach(function (f) { if (keys.indexOf(f.dataset.f) >= 0) { f.classList.add("kg-on"); } });
    if (scrollText && lit.length) { lit[0].scrollIntoView({block: "center", behavior: "smooth"}); }
    window.kgLit = lit.length;
    return lit.length;
  }
  facts.forEach(function (f) {
    function go(ev) { ev.stopPropagation(); selectFacts([f.dataset.f], true); }
    f.addEventListener("click", go);
    f.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(ev); } });
  });
  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      var keys = keysOf(m);
      selectFacts(keys, false);
      var first = facts.filter(function (f) { return keys.indexOf(f.dataset.f) >= 0; })[0];
      if (first) { first.scrollIntoView({block: "nearest", behavior: "smooth"}); }
    });
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clear(); } });
  window.kgSelectFacts = selectFacts;
})();

(function () {
  "use strict";
  // Article texts come from a JSON block (never executed); every text node is built with textContent.
  var dataEl = document.getElementById("ql-data");
  var DATA = dataEl ? JSON.parse(dataEl.textContent) : { articles: {}, i18n: {}, lang: "de" };
  var root = document.documentElement;

  function ui() { return root.getAttribute("data-ui") || "de"; }
  function t(key) { var d = (DATA.i18n || {})[ui()] || {}; return d[key] || key; }

  function setLang(lang) {
    root.setAttribute("data-ui", lang);
    root.setAttribute("lang", lang);
    var btns = document.querySelectorAll(".ql-lang-btn");
    for (var i = 0; i < btns.length; i++) btns[i].classList.toggle("ql-active", btns[i].getAttribute("data-lang") === lang);
    // attributes cannot hold both languages the way text does (hidden spans): placeholders carry one per language
    var ph = document.querySelectorAll("[data-ph-" + lang + "]");
    for (var j = 0; j < ph.length; j++) ph[j].setAttribute("placeholder", ph[j].getAttribute("data-ph-" + lang));
    try { window.localStorage.setItem("quellenlage-lang", lang); } catch (e) { /* file:// may forbid storage */ }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // Offsets are code points (Python); Array.from splits by code point, so astral characters count once.
  function openArticle(id, start, end) {
    var art = DATA.articles[id];
    var reader = document.getElementById("ql-reader");
    if (!art || !reader) return false;
    var chars = Array.from(art.text);
    var hasHl = start !== null && end !== null && start <= end && end <= chars.length;
    var points = [0, chars.length];
    var flagged = art.flagged || [];
    flagged.forEach(function (f) { points.push(f[0], f[1]); });
    if (hasHl) points.push(start, end);
    points = points.filter(function (p) { return p >= 0 && p <= chars.length; })
      .sort(function (a, b) { return a - b; })
      .filter(function (p, i, arr) { return i === 0 || p !== arr[i - 1]; });
    function flagOf(a, b) {
      for (var i = 0; i < flagged.length; i++) if (flagged[i][0] <= a && b <= flagged[i][1]) return i;
      return -1;
    }
    var box = document.getElementById("ql-reader-text");
    box.textContent = "";
    var container = box, current = -2, firstMark = null;
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1];
      if (a === b) continue;
      var f = flagOf(a, b);
      if (f !== current) {
        current = f;
        if (f >= 0) {
          container = el("details", "ql-boilerplate");
          container.setAttribute("data-reason", flagged[f][2]);
          var sum = el("summary", null, t("boilerplate") + ": " + flagged[f][2] + (flagged[f][3] ? " – " + flagged[f][3] : ""));
          container.appendChild(sum);
          box.appendChild(container);
        } else {
          container = box;
        }
      }
      var piece = chars.slice(a, b).join("");
      if (hasHl && a >= start && b <= end && start < end) {
        var mark = el("mark", "ql-hl", piece);
        if (!firstMark) { firstMark = mark; mark.id = "ql-hl"; }
        if (f >= 0) container.open = true;
        container.appendChild(mark);
      } else {
        container.appendChild(document.createTextNode(piece));
      }
    }
    if (hasHl && start === end) { /* empty span: nothing to mark */ }
    document.getElementById("ql-reader-title").textContent = art.title || id;
    var meta = document.getElementById("ql-reader-meta");
    meta.textContent = "";
    [["outlet", art.outlet], ["published", art.published], ["language", art.language], ["source", art.url || art.source]]
      .forEach(function (kv) {
        if (!kv[1]) return;
        var row = el("div", null);
        row.appendChild(el("span", "ql-muted", t(kv[0]) + ": "));
        row.appendChild(el("span", null, kv[1]));
        meta.appendChild(row);
      });
    var head = document.querySelector(".ql-top");
    reader.style.top = head ? Math.max(0, head.getBoundingClientRect().bottom) + "px" : "0";
    reader.hidden = false;
    reader.setAttribute("data-article", id);
    reader.setAttribute("data-start", hasHl ? String(start) : "");
    reader.setAttribute("data-end", hasHl ? String(end) : "");
    document.body.classList.add("ql-reading");
    if (firstMark) firstMark.scrollIntoView({ block: "center" });
    else box.scrollTop = 0;
    return true;
  }

  function openRef(refStr) {
    var parts = String(refStr).split(":");
    if (parts.length !== 3) return false;
    var id;
    try { id = decodeURIComponent(parts[0]); } catch (e) { return false; }
    var s = parts[1] === "" ? null : parseInt(parts[1], 10);
    var e = parts[2] === "" ? null : parseInt(parts[2], 10);
    if (s !== null && isNaN(s)) s = null;
    if (e !== null && isNaN(e)) e = null;
    return openArticle(id, s, e);
  }

  function closeReader() {
    var reader = document.getElementById("ql-reader");
    if (reader) reader.hidden = true;
    document.body.classList.remove("ql-reading");
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    if (!target || !target.closest) return;
    var lang = target.closest(".ql-lang-btn");
    if (lang) { setLang(lang.getAttribute("data-lang")); return; }
    if (target.closest("#ql-reader-close")) { closeReader(); return; }
    var refEl = target.closest("[data-ref]");
    if (refEl) {
      var r = refEl.getAttribute("data-ref");
      if (openRef(r)) {
        ev.preventDefault();
        document.querySelectorAll(".ql-selected").forEach(function (x) { x.classList.remove("ql-selected"); });
        refEl.classList.add("ql-selected");
        try { history.replaceState(null, "", "#ref=" + r); } catch (e) { /* ignore */ }
      }
    }
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") closeReader(); });

  var stored = null;
  try { stored = window.localStorage.getItem("quellenlage-lang"); } catch (e) { /* ignore */ }
  setLang(!DATA.explicit && (stored === "de" || stored === "en") ? stored : ui());
  if (location.hash.indexOf("#ref=") === 0) openRef(location.hash.slice(5));
  window.quellenlage = { openRef: openRef, setLang: setLang };
})();

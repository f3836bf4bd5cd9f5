/* dyads web interface: time-series charts, the actor network and the article reader's links.
   Plain JavaScript drawing SVG; no libraries. Data comes from this server's /api. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    if (attrs) { for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]); } }
    if (parent) parent.appendChild(e);
    return e;
  }
  function title(parent, text) { var t = el("title", null, parent); t.textContent = text; return t; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }
  function niceStep(range, ticks) {
    var raw = range / Math.max(1, ticks), mag = Math.pow(10, Math.floor(Math.log10(raw || 1))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  }
  function fmt(x) { return Math.abs(x) >= 1000 ? (x / 1000).toFixed(1) + "k" : (Math.round(x * 10) / 10).toString(); }
  function isoDay(d) { return d.toISOString().slice(0, 10); }
  function periodEnd(start, freq) {
    var d = new Date(start + "T00:00:00Z");
    if (freq === "month") return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
    if (freq === "week") return isoDay(new Date(d.getTime() + 6 * 864e5));
    return start;
  }

  /* ---- time series: stacked bars per period and quad class ---- */
  function drawChart(svg, data, mode) {
    clear(svg);
    var W = svg.clientWidth || 900, H = svg.clientHeight || 300;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    var m = { l: 48, r: 12, t: 12, b: 40 }, w = W - m.l - m.r, h = H - m.t - m.b;
    var periods = data.periods || [];
    if (!periods.length) {
      var t = el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", "class": "empty" }, svg);
      t.textContent = "No dated events for this selection.";
      svg.setAttribute("data-drawn", "empty");
      return;
    }
    var key = mode === "goldstein" ? "goldstein_by_quad" : "counts";
    var hi = 0, lo = 0;
    periods.forEach(function (p) {
      var pos = 0, neg = 0;
      [1, 2, 3, 4].forEach(function (q) { var v = p[key]["q" + q]; if (v > 0) pos += v; else neg += v; });
      hi = Math.max(hi, pos); lo = Math.min(lo, neg);
    });
    if (hi === lo) hi = lo + 1;
    var step = niceStep(hi - lo, 5);
    if (mode !== "goldstein") step = Math.max(1, step);  // whole events
    hi = Math.ceil(hi / step) * step; lo = Math.floor(lo / step) * step;
    var y = function (v) { return m.t + h - (v - lo) / (hi - lo) * h; };
    var band = w / periods.length, bw = Math.max(1, Math.min(48, band * 0.78));
    var grid = el("g", { "class": "grid" }, svg), axis = el("g", { "class": "axis" }, svg);
    for (var v = lo; v <= hi + step / 2; v += step) {
      el("line", { x1: m.l, x2: m.l + w, y1: y(v), y2: y(v) }, grid);
      var lab = el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis);
      lab.textContent = fmt(v);
    }
    var bars = el("g", { "class": "bars" }, svg);
    var freq = data.freq, every = Math.max(1, Math.ceil(periods.length / Math.max(2, Math.floor(w / 70))));
    periods.forEach(function (p, i) {
      var x = m.l + i * band + (band - bw) / 2, up = 0, down = 0;
      [1, 2, 3, 4].forEach(function (q) {
        var val = p[key]["q" + q];
        if (!val) return;
        var y0, y1;
        if (val > 0) { y0 = y(up + val); y1 = y(up); up += val; } else { y0 = y(down); y1 = y(down + val); down += val; }
        var r = el("rect", { x: x.toFixed(1), y: y0.toFixed(1), width: bw.toFixed(1), height: Math.max(0.5, y1 - y0).toFixed(1),
                             "class": "bar q" + q, "data-period": p.period, "data-quad": q }, bars);
        title(r, p.period + " · " + QUADS[q] + ": " + fmt(val) + (mode === "goldstein" ? " (Goldstein sum)" : " events") +
                 "\n" + p.events + " events in all, Goldstein sum " + fmt(p.goldstein));
        r.addEventListener("click", function () {
          var qs = new URLSearchParams();
          if (data.source) qs.set("source", data.source);
          if (data.target) qs.set("target", data.target);
          qs.set("date_from", p.start); qs.set("date_to", periodEnd(p.start, freq)); qs.set("quad", q);
          window.location.href = "/events?" + qs.toString();
        });
      });
      if (i % every === 0) {
        var cx = m.l + i * band + band / 2;
        var anchor = cx < m.l + 24 ? "start" : cx > m.l + w - 24 ? "end" : "middle";
        var tl = el("text", { x: (anchor === "start" ? Math.max(2, cx - bw / 2) : anchor === "end" ? Math.min(W - 2, cx + bw / 2) : cx).toFixed(1),
                              y: m.t + h + 16, "text-anchor": anchor }, axis);
        tl.textContent = p.period;
      }
    });
    el("line", { x1: m.l, x2: m.l + w, y1: y(0), y2: y(0), "class": "zero" }, svg);
    svg.setAttribute("data-drawn", String(periods.length));
  }

  function initCharts() {
    var charts = document.querySelectorAll("svg.chart[data-src]");
    Array.prototype.forEach.call(charts, function (svg) {
      getJSON(svg.getAttribute("data-src")).then(function (data) {
        var mode = svg.getAttribute("data-mode");
        drawChart(svg, data, mode);
        var timer;
        window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(function () { drawChart(svg, data, mode); }, 150); });
      }).catch(function (err) {
        clear(svg);
        el("text", { x: 20, y: 30, "class": "empty" }, svg).textContent = "Could not load the data: " + err.message;
      });
    });
  }

  /* ---- actor network: a small force-directed layout ---- */
  function layout(nodes, edges, W, H) {
    var n = nodes.length, area = W * H, k = Math.sqrt(area / Math.max(1, n)) * 0.75;
    nodes.forEach(function (d, i) {  // start on a circle, busiest first: deterministic
      var a = 2 * Math.PI * i / Math.max(1, n), r = Math.min(W, H) * 0.35;
      d.x = W / 2 + r * Math.cos(a); d.y = H / 2 + r * Math.sin(a);
    });
    var temp = W / 8;
    for (var it = 0; it < 320; it++) {
      nodes.forEach(function (d) { d.dx = 0; d.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01, d = Math.sqrt(d2);
          var f = k * k / d;
          a.dx += dx / d * f; a.dy += dy / d * f; b.dx -= dx / d * f; b.dy -= dy / d * f;
        }
      }
      edges.forEach(function (e) {
        var a = e.s, b = e.t, dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d * d / k * Math.min(2, 0.6 + Math.log(1 + e.total) / 3);
        a.dx -= dx / d * f; a.dy -= dy / d * f; b.dx += dx / d * f; b.dy += dy / d * f;
      });
      nodes.forEach(function (d) {
        d.dx += (W / 2 - d.x) * 0.02 * k / 10; d.dy += (H / 2 - d.y) * 0.02 * k / 10;  // gravity
        var len = Math.sqrt(d.dx * d.dx + d.dy * d.dy) || 1, s = Math.min(len, temp) / len;
        d.x = Math.max(d.r + 30, Math.min(W - d.r - 30, d.x + d.dx * s));
        d.y = Math.max(d.r + 14, Math.min(H - d.r - 14, d.y + d.dy * s));
      });
      temp = Math.max(0.5, temp * 0.985);
    }
  }

  function dominantQuad(c) {
    var best = 1;
    [2, 3, 4].forEach(function (q) { if (c["q" + q] > c["q" + best]) best = q; });
    return best;
  }

  function drawNetwork(svg, data) {
    clear(svg);
    var W = svg.clientWidth || 1000, H = svg.clientHeight || 640;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    var status = document.getElementById("network-status");
    var byCode = {}, nodes = data.nodes.map(function (n) {
      var d = { code: n.code, name: n.name, country: n.country, events: n.events, r: 5 + 2.6 * Math.sqrt(n.events) };
      byCode[n.code] = d; return d;
    });
    var edges = data.edges.filter(function (e) { return e.source !== e.target && byCode[e.source] && byCode[e.target]; })
      .map(function (e) { return { s: byCode[e.source], t: byCode[e.target], total: e.total, counts: e.counts, g: e.goldstein_mean, q: dominantQuad(e.counts) }; });
    if (status) status.textContent = nodes.length + " actors, " + edges.length + " dyads" +
      (data.edges.length > edges.length ? " (" + (data.edges.length - edges.length) + " self-dyads not drawn)" : "") + ".";
    if (!nodes.length) {
      el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", "class": "empty" }, svg).textContent = "No dyadic events for this selection.";
      svg.setAttribute("data-drawn", "empty");
      return;
    }
    layout(nodes, edges, W, H);
    var defs = el("defs", null, svg);
    [1, 2, 3, 4].forEach(function (q) {
      var mk = el("marker", { id: "arrow-q" + q, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6,
                              orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
      mk.setAttribute("markerWidth", 9); mk.setAttribute("markerHeight", 9);
      el("path", { d: "M0,0 L10,5 L0,10 z", "class": "arrow q" + q }, mk);
    });
    var gE = el("g", { "class": "edges" }, svg), gN = el("g", { "class": "nodes" }, svg);
    function place(e) {
      var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var off = 4;  // two opposite dyads side by side
      var ox = -dy / d * off, oy = dx / d * off;
      e.line.setAttribute("x1", (e.s.x + dx / d * e.s.r + ox).toFixed(1));
      e.line.setAttribute("y1", (e.s.y + dy / d * e.s.r + oy).toFixed(1));
      e.line.setAttribute("x2", (e.t.x - dx / d * (e.t.r + 2) + ox).toFixed(1));
      e.line.setAttribute("y2", (e.t.y - dy / d * (e.t.r + 2) + oy).toFixed(1));
    }
    edges.forEach(function (e) {
      e.line = el("line", { "class": "edge q" + e.q, "stroke-width": (1 + 1.8 * Math.log2(1 + e.total)).toFixed(1),
                            "marker-end": "url(#arrow-q" + e.q + ")" }, gE);
      title(e.line, e.s.code + " → " + e.t.code + ": " + e.total + " events (" +
        [1, 2, 3, 4].map(function (q) { return QUADS[q] + " " + e.counts["q" + q]; }).join(", ") + "), mean Goldstein " + e.g);
      e.line.addEventListener("click", function () {
        window.location.href = "/events?source=" + encodeURIComponent(e.s.code) + "&target=" + encodeURIComponent(e.t.code);
      });
      place(e);
    });
    nodes.forEach(function (d) {
      var g = el("g", { "class": "node" + (d.country ? "" : " igo"), "data-code": d.code, transform: "translate(" + d.x.toFixed(1) + "," + d.y.toFixed(1) + ")" }, gN);
      el("circle", { r: d.r.toFixed(1) }, g);
      el("text", { x: d.r + 3, y: 4 }, g).textContent = d.code;
      title(g, d.name + " (" + d.code + "): " + d.events + " events — click for the events table");
      d.g = g;
      var start = null, moved = false;
      g.addEventListener("pointerdown", function (ev) { start = [ev.clientX, ev.clientY, d.x, d.y]; moved = false; g.setPointerCapture(ev.pointerId); });
      g.addEventListener("pointermove", function (ev) {
        if (!start) return;
        var scale = W / (svg.clientWidth || W), dx = (ev.clientX - start[0]) * scale, dy = (ev.clientY - start[1]) * scale;
        if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
        if (!moved) return;
        d.x = start[2] + dx; d.y = start[3] + dy;
        g.setAttribute("transform", "translate(" + d.x.toFixed(1) + "," + d.y.toFixed(1) + ")");
        edges.forEach(function (e) { if (e.s === d || e.t === d) place(e); });
      });
      g.addEventListener("pointerup", function () {
        var wasDrag = moved; start = null;
        if (!wasDrag) window.location.href = "/events?actor=" + encodeURIComponent(d.code);
      });
    });
    svg.setAttribute("data-drawn", String(nodes.length));
  }

  function initNetwork() {
    var svg = document.getElementById("network");
    if (!svg) return;
    getJSON(svg.getAttribute("data-src")).then(function (data) { drawNetwork(svg, data); }).catch(function (err) {
      el("text", { x: 20, y: 30, "class": "empty" }, svg).textContent = "Could not load the network: " + err.message;
    });
  }

  /* ---- article reader: the event list and the highlighted sentences point at each other ---- */
  function initReader() {
    var items = document.querySelectorAll("ol.evlist li[data-event]");
    if (!items.length) return;
    var marks = document.querySelectorAll("mark.ev");
    function marksOf(id) {
      return Array.prototype.filter.call(marks, function (m) { return (" " + m.getAttribute("data-events") + " ").indexOf(" " + id + " ") >= 0; });
    }
    Array.prototype.forEach.call(items, function (li) {
      var id = li.getAttribute("data-event");
      li.addEventListener("mouseenter", function () { marksOf(id).forEach(function (m) { m.classList.add("hot"); }); });
      li.addEventListener("mouseleave", function () { marksOf(id).forEach(function (m) { m.classList.remove("hot"); }); });
    });
    Array.prototype.forEach.call(marks, function (m) {
      var ids = (m.getAttribute("data-events") || "").split(" ");
      function toggle(on) {
        ids.forEach(function (id) {
          var li = document.querySelector('ol.evlist li[data-event="' + CSS.escape(id) + '"]');
          if (li) li.classList.toggle("hot", on);
        });
      }
      m.addEventListener("mouseenter", function () { toggle(true); });
      m.addEventListener("mouseleave", function () { toggle(false); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initCharts(); initNetwork(); initReader(); });
})();

/* dyads review controls: judge events in the article reader and the events table, add missed events.
   Loaded only when the server has a write token; the controls appear only once this browser holds the right token
   (signed in at /review). Every piece of text is put in the page with textContent, never as markup. */
(function () {
  "use strict";
  var TOKEN = "dyads.token", NAME = "dyads.reviewer";
  var CLASSES = [["not_event", "not an event"], ["negated", "negated or hypothetical"], ["wrong_source", "wrong source"],
                 ["wrong_target", "wrong target"], ["wrong_code", "wrong code"], ["duplicate", "duplicate"],
                 ["furniture", "furniture"]];
  var LABELS = {};
  CLASSES.forEach(function (c) { LABELS[c[0]] = c[1]; });

  function token() { try { return localStorage.getItem(TOKEN); } catch (e) { return null; } }
  function reviewer() { try { return localStorage.getItem(NAME) || "anonymous"; } catch (e) { return "anonymous"; } }
  function forget() { try { localStorage.removeItem(TOKEN); } catch (e) { /* private mode */ } }

  function h(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function api(method, url, body, tok) {
    var headers = { "Accept": "application/json", "Authorization": "Bearer " + (tok || token() || "") };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, { method: method, headers: headers, credentials: "same-origin",
                        body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
      if (r.status === 204) return null;
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          if (r.status === 401 || r.status === 403) forget();
          var err = new Error(typeof data.detail === "string" ? data.detail : (r.status + " " + r.statusText));
          err.status = r.status;
          throw err;
        }
        return data;
      });
    });
  }

  /* ---- sign-in page ---- */
  function initSignin() {
    var form = document.getElementById("review-signin");
    if (!form) return;
    var msg = document.getElementById("signin-message"), done = document.getElementById("review-signed-in");
    function showSignedIn() {
      document.getElementById("reviewer-name").textContent = reviewer();
      done.hidden = false;
    }
    if (token()) showSignedIn();
    form.reviewer.value = (function () { try { return localStorage.getItem(NAME) || ""; } catch (e) { return ""; } })();
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var tok = form.token.value.trim(), name = form.reviewer.value.trim();
      if (!tok || !name) { msg.textContent = "Give the token and your name."; return; }
      msg.textContent = "Checking…";
      api("GET", "/api/reviews/session", undefined, tok).then(function () {
        localStorage.setItem(TOKEN, tok);
        localStorage.setItem(NAME, name);
        msg.textContent = "Signed in.";
        var next = form.next.value || "/articles";
        window.location.href = next.charAt(0) === "/" && next.charAt(1) !== "/" ? next : "/articles";
      }).catch(function (err) {
        msg.textContent = err.status === 403 ? "Wrong token." : "Could not sign in: " + err.message;
      });
    });
    document.getElementById("review-signout").addEventListener("click", function () {
      forget();
      done.hidden = true;
      msg.textContent = "Signed out.";
    });
  }

  /* ---- badges (as the server renders them) ---- */
  function badgeText(r) {
    var t;
    if (r.verdict === "correct") t = "✓ correct";
    else if (r.correction) {
      t = "✎ corrected";
      if (r.correction.source) t += " source " + r.correction.source.code;
      if ("target" in r.correction) t += " target " + (r.correction.target ? r.correction.target.code : "none");
      if (r.correction.cameo) t += " code " + r.correction.cameo;
    } else t = "✗ " + (LABELS[r.error_class] || "wrong");
    return t + " · " + r.reviewer;
  }
  function showBadge(item, r) {
    var box = item.querySelector(".rv-badge");
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    var cls = r.verdict === "correct" ? "v-correct" : (r.correction ? "v-corrected" : "v-wrong");
    box.appendChild(h("span", { "class": "verdict " + cls, "data-review-id": String(r.id) }, badgeText(r)));
    item.classList.add("judged");
  }

  /* ---- judging ---- */
  var items = [], current = -1;

  function setCurrent(i, scroll) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (it, k) { it.classList.toggle("current", k === current); });
    if (scroll !== false) items[current].scrollIntoView({ block: "nearest" });
  }

  function message(item, text, bad) {
    var m = item.querySelector(".rv-message");
    if (m) { m.textContent = text; m.classList.toggle("bad", !!bad); }
  }

  function closePanels(item) {
    Array.prototype.forEach.call(item.querySelectorAll(".rv-panel"), function (p) { p.hidden = true; });
  }

  function send(item, body) {
    body.event_id = item.getAttribute("data-event");
    body.reviewer = reviewer();
    message(item, "saving…");
    return api("POST", "/api/reviews", body).then(function (r) {
      showBadge(item, r);
      closePanels(item);
      message(item, "saved");
      var k = items.indexOf(item);
      if (k === current && k < items.length - 1) setCurrent(k + 1);
      return r;
    }).catch(function (err) {
      message(item, err.status === 401 || err.status === 403 ? "Not signed in any more: sign in again at /review" : err.message, true);
    });
  }

  function markCorrect(item) { return send(item, { verdict: "correct" }); }
  function markWrong(item, cls) { return send(item, { verdict: "wrong", error_class: cls }); }

  function openPanel(item, which) {
    closePanels(item);
    var p = item.querySelector(".rv-panel." + which);
    p.hidden = false;
    var first = p.querySelector("input, button");
    if (first && which === "rv-fix") first.focus();
  }

  function saveCorrection(item) {
    var f = item.querySelector(".rv-fix"), corr = {};
    var src = f.querySelector("[name=source]").value.trim().toUpperCase(), srcText = f.querySelector("[name=source_text]").value.trim();
    var tgt = f.querySelector("[name=target]").value.trim().toUpperCase(), tgtText = f.querySelector("[name=target_text]").value.trim();
    var none = f.querySelector("[name=no_target]").checked, code = f.querySelector("[name=cameo]").value.trim();
    if (src && (src !== item.getAttribute("data-source") || srcText)) corr.source = { code: src, text: srcText || null };
    if (none) corr.target = "none";
    else if (tgt && (tgt !== item.getAttribute("data-target") || tgtText)) corr.target = { code: tgt, text: tgtText || null };
    if (code && code !== item.getAttribute("data-cameo")) corr.cameo = code;
    if (!corr.source && !corr.target && !corr.cameo) { message(item, "change the source, target or code first", true); return; }
    return send(item, { verdict: "wrong", correction: corr });
  }

  function field(label, name, value, list, size) {
    var l = h("label", null, label);
    l.appendChild(h("input", { name: name, value: value || "", list: list, size: size || 10, autocomplete: "off" }));
    return l;
  }

  function buildControls(item) {
    var box = h("div", { "class": "review-controls" });
    var ok = h("button", { type: "button", "class": "rv-correct", title: "correct (c)" }, "✓ correct");
    var bad = h("button", { type: "button", "class": "rv-wrong", title: "wrong (w, then 1–7)" }, "✗ wrong");
    var fix = h("button", { type: "button", "class": "rv-edit", title: "correct it (e)" }, "✎ correct it");
    box.appendChild(ok); box.appendChild(bad); box.appendChild(fix);
    box.appendChild(h("span", { "class": "rv-message", role: "status" }));

    var classes = h("div", { "class": "rv-panel rv-classes", hidden: "" });
    classes.appendChild(h("span", { "class": "meta" }, "why?"));
    CLASSES.forEach(function (c, i) {
      var b = h("button", { type: "button", "class": "rv-class", "data-class": c[0], title: "key " + (i + 1) }, (i + 1) + " " + c[1]);
      b.addEventListener("click", function () { markWrong(item, c[0]); });
      classes.appendChild(b);
    });
    box.appendChild(classes);

    var form = h("form", { "class": "rv-panel rv-fix", hidden: "" });
    form.appendChild(field("Source", "source", item.getAttribute("data-source"), "rv-actors"));
    form.appendChild(field("as written", "source_text", "", null, 14));
    form.appendChild(field("Target", "target", item.getAttribute("data-target"), "rv-actors"));
    form.appendChild(field("as written", "target_text", "", null, 14));
    var nt = h("label", { "class": "check" }, "no target");
    nt.insertBefore(h("input", { type: "checkbox", name: "no_target" }), nt.firstChild);
    form.appendChild(nt);
    form.appendChild(field("CAMEO", "cameo", item.getAttribute("data-cameo"), "rv-cameo", 5));
    form.appendChild(h("button", { type: "submit", "class": "rv-save" }, "save correction"));
    form.addEventListener("submit", function (ev) { ev.preventDefault(); saveCorrection(item); });
    box.appendChild(form);

    ok.addEventListener("click", function () { setCurrent(items.indexOf(item), false); markCorrect(item); });
    bad.addEventListener("click", function () { setCurrent(items.indexOf(item), false); openPanel(item, "rv-classes"); });
    fix.addEventListener("click", function () { setCurrent(items.indexOf(item), false); openPanel(item, "rv-fix"); });
    var home = item.querySelector("td.review") || item;
    home.appendChild(box);
  }

  /* ---- missed events (article reader) ---- */
  var selection = null;

  function offsetIn(container, node, offset) {
    var r = document.createRange();
    r.setStart(container, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  function captureSelection(out) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    var range = sel.getRangeAt(0), body = document.getElementById("article-text"), title = document.querySelector("h1.title");
    var part = null, container = null;
    if (body && body.contains(range.startContainer)) { part = "body"; container = body; }
    else if (title && title.contains(range.startContainer)) { part = "title"; container = title; }
    if (!part) return;
    var quote = sel.toString().trim();
    if (quote.length < 2) return;
    selection = { quote: quote, part: part, offset: offsetIn(container, range.startContainer, range.startOffset) };
    out.textContent = "“" + (quote.length > 160 ? quote.slice(0, 157) + "…" : quote) + "”";
    out.classList.remove("muted");
  }

  function missedItem(m) {
    var li = h("li", { "data-missed": String(m.id) });
    li.appendChild(h("b", null, m.cameo));
    li.appendChild(document.createTextNode(" " + m.source.code + " → " + (m.target ? m.target.code : "—") + " "));
    li.appendChild(h("span", { "class": "meta" }, "· " + m.reviewer));
    li.appendChild(h("div", { "class": "meta" }, "“" + (m.sentence || "") + "”"));
    return li;
  }

  function addDelete(li) {
    var del = h("button", { type: "button", "class": "rv-delete secondary", title: "withdraw this added event" }, "withdraw");
    del.addEventListener("click", function () {
      api("DELETE", "/api/reviews/" + encodeURIComponent(li.getAttribute("data-missed"))).then(function () {
        li.parentNode.removeChild(li);
      }).catch(function (err) { del.textContent = err.message; });
    });
    li.appendChild(del);
  }

  function initMissed(reader) {
    var side = reader.querySelector("aside"), list = document.getElementById("missed-list");
    if (!side || !list) return;
    Array.prototype.forEach.call(list.querySelectorAll("li[data-missed]"), addDelete);
    var form = h("form", { "class": "rv-missed", id: "missed-form" });
    form.appendChild(h("h2", null, "Add a missed event"));
    var picked = h("p", { "class": "rv-selection muted", id: "missed-selection" }, "Select words of its sentence in the text (then press a, or fill in below).");
    form.appendChild(picked);
    form.appendChild(field("Source", "source", "", "rv-actors"));
    form.appendChild(field("as written", "source_text", "", null, 14));
    form.appendChild(field("CAMEO", "cameo", "", "rv-cameo", 5));
    form.appendChild(field("Target", "target", "", "rv-actors"));
    form.appendChild(field("as written", "target_text", "", null, 14));
    form.appendChild(h("button", { type: "submit" }, "add event"));
    var msg = h("span", { "class": "rv-message", role: "status" });
    form.appendChild(msg);
    list.parentNode.insertBefore(form, list.nextSibling);
    ["mouseup", "keyup"].forEach(function (kind) {
      reader.querySelector("article").addEventListener(kind, function () { captureSelection(picked); });
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!selection) { msg.textContent = "select words of the sentence in the text first"; msg.classList.add("bad"); return; }
      var src = form.source.value.trim().toUpperCase(), tgt = form.target.value.trim().toUpperCase(), code = form.cameo.value.trim();
      if (!src || !code) { msg.textContent = "give at least the source and the CAMEO code"; msg.classList.add("bad"); return; }
      var body = { article_id: reader.getAttribute("data-article"), quote: selection.quote, part: selection.part,
                   offset: selection.offset, source: { code: src, text: form.source_text.value.trim() || null },
                   target: tgt ? { code: tgt, text: form.target_text.value.trim() || null } : null,
                   cameo: code, reviewer: reviewer() };
      msg.textContent = "saving…"; msg.classList.remove("bad");
      api("POST", "/api/reviews/missed", body).then(function (m) {
        var none = list.querySelector(".none-added");
        if (none) list.removeChild(none);
        var li = missedItem(m);
        addDelete(li);
        list.appendChild(li);
        form.reset();
        selection = null;
        picked.textContent = "Added. Select words of another sentence to add more.";
        msg.textContent = "saved";
      }).catch(function (err) { msg.textContent = err.message; msg.classList.add("bad"); });
    });
    return form;
  }

  /* ---- datalists, help, keys ---- */
  function datalists() {
    var actors = h("datalist", { id: "rv-actors" }), cameo = h("datalist", { id: "rv-cameo" });
    document.body.appendChild(actors); document.body.appendChild(cameo);
    fetch("/api/actors?level=code&limit=1000").then(function (r) { return r.json(); }).then(function (list) {
      list.forEach(function (a) { actors.appendChild(h("option", { value: a.code }, a.name)); });
    }).catch(function () { /* optional */ });
    fetch("/api/cameo").then(function (r) { return r.json(); }).then(function (list) {
      list.forEach(function (c) { cameo.appendChild(h("option", { value: c.code }, c.code + " " + c.name)); });
    }).catch(function () { /* optional */ });
  }

  function helpBox() {
    var box = h("div", { "class": "rv-help card", id: "review-help", hidden: "" });
    box.appendChild(h("b", null, "Review keys: "));
    box.appendChild(document.createTextNode("j / k next / previous event · c correct · w wrong, then 1–7 why · " +
      "e correct it · a add a missed event from the selected words · Esc close · ? this help"));
    document.querySelector("main").insertBefore(box, document.querySelector("main").firstChild);
    return box;
  }

  function keys(help, missedForm) {
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) {
        if (ev.key === "Escape" && items[current]) { closePanels(items[current]); t.blur(); }
        return;
      }
      var item = items[current], k = ev.key;
      if (k === "j" || k === "n") { setCurrent(current + 1); }
      else if (k === "k" || k === "p") { setCurrent(current - 1); }
      else if (k === "?") { help.hidden = !help.hidden; }
      else if (k === "Escape") { if (item) closePanels(item); help.hidden = true; }
      else if (k === "a" && missedForm) {
        captureSelection(document.getElementById("missed-selection"));
        missedForm.source.focus();
      }
      else if (!item) { return; }
      else if (k === "c") { markCorrect(item); }
      else if (k === "w") { openPanel(item, "rv-classes"); }
      else if (k === "e") { openPanel(item, "rv-fix"); }
      else if (/^[1-7]$/.test(k) && !item.querySelector(".rv-classes").hidden) { markWrong(item, CLASSES[+k - 1][0]); }
      else { return; }
      ev.preventDefault();
    });
  }

  function initReviewing() {
    var link = document.getElementById("review-link");
    if (link) { link.textContent = "Reviewing as " + reviewer(); }
    document.body.classList.add("reviewing");
    items = Array.prototype.slice.call(document.querySelectorAll("ol.evlist li[data-event], #events-table tbody tr[data-event]"));
    items.forEach(function (it, k) {
      buildControls(it);
      it.addEventListener("click", function (ev) {
        if (!ev.target.closest("a, button, input, label, form")) setCurrent(k, false);
      });
    });
    var reader = document.querySelector(".reader[data-article]");
    var missedForm = reader ? initMissed(reader) : null;
    if (items.length || missedForm) { datalists(); keys(helpBox(), missedForm); }
    if (items.length) {
      var firstOpen = items.findIndex(function (it) { return !it.classList.contains("judged"); });
      setCurrent(firstOpen < 0 ? 0 : firstOpen, false);
    }
    document.body.setAttribute("data-reviewing", "ready");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.getAttribute("data-reviews") !== "on") return;
    initSignin();
    if (!token() || document.getElementById("review-signin")) return;
    api("GET", "/api/reviews/session").then(initReviewing).catch(function () {
      var link = document.getElementById("review-link");
      if (link) link.textContent = "Review (sign in)";
    });
  });
})();

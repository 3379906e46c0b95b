// kinerjabot Mini App: a whole report on one screen. Telegram opens this page
// with the user's signed identity (initData) in the URL's fragment; every API
// call carries it, nothing else identifies the user. No framework, no CDN.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var hash = new URLSearchParams(location.hash.slice(1));
  var initData = hash.get("tgWebAppData") || "";
  var T = {}, opts = null, minutes = "";

  // Telegram's theme, as CSS variables (light and dark alike).
  try {
    var theme = JSON.parse(hash.get("tgWebAppThemeParams") || "{}");
    Object.keys(theme).forEach(function (k) {
      document.documentElement.style.setProperty("--tg-theme-" + k.replace(/_/g, "-"), theme[k]);
    });
  } catch (e) { /* no theme: the defaults */ }
  function post(type, data) {
    var body = JSON.stringify(data || {});
    if (window.TelegramWebviewProxy) { window.TelegramWebviewProxy.postEvent(type, body); return; }
    if (window.external && window.external.notify) { window.external.notify(JSON.stringify({eventType: type, eventData: data || {}})); return; }
    if (window.parent !== window) { window.parent.postMessage(JSON.stringify({eventType: type, eventData: data || {}}), "*"); }
  }
  post("web_app_ready");
  post("web_app_expand");

  function api(method, path, body) {
    return fetch("api/" + path, {
      method: method,
      headers: {"Authorization": "tma " + initData, "Content-Type": "application/json"},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) { return {status: r.status, body: j}; });
    });
  }
  function status(text) { $("status").textContent = text; $("status").hidden = !text; }
  function option(sel, value, label, disabled) {
    var o = document.createElement("option");
    o.value = value; o.textContent = label; o.disabled = !!disabled;
    sel.appendChild(o);
  }
  function key() {
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var kunci = key();

  function clearErrors() {
    document.querySelectorAll(".err").forEach(function (e) { e.textContent = ""; });
    document.querySelectorAll(".invalid").forEach(function (e) { e.classList.remove("invalid"); });
  }
  function showError(field, text) {
    var el = document.querySelector('.err[data-for="' + field + '"]') || $("general");
    el.textContent = text;
    var input = $(field);
    if (input) { input.classList.add("invalid"); input.focus(); }
    if (field === "hari_libur") { $("libur-row").hidden = false; }
  }

  function dayChanged() {
    var d = (opts.hari || []).filter(function (x) { return x.tanggal === $("tanggal").value; })[0];
    var off = d && d.libur;
    $("libur-note").textContent = off || "";
    $("libur-note").hidden = !off;
    $("libur-row").hidden = !off;
    if (!off) { $("hari_libur").checked = false; }
  }
  function rhkChanged() {
    var v = $("rhk").value;
    var ch = (opts.pilihan || []).filter(function (x) { return x.value === v; })[0];
    var sat = ch && ch.satuan;
    $("satuan").value = sat || "";
    $("satuan").readOnly = !!sat;
    $("recent").hidden = true;
    $("recent-list").textContent = "";
    if (!v) { return; }
    api("GET", "uraian?rhk=" + encodeURIComponent(v)).then(function (r) {
      if (r.status !== 200 || !r.body.length || $("rhk").value !== v) { return; }
      r.body.forEach(function (u) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = u.uraian;
        b.addEventListener("click", function () {
          $("uraian").value = u.uraian;
          $("volume").value = String(u.volume).replace(".", ",");
          if (!$("satuan").readOnly) { $("satuan").value = u.satuan; }
          setMinutes(String(u.menit));
        });
        $("recent-list").appendChild(b);
      });
      $("recent").hidden = false;
    });
  }
  function setMinutes(m) {
    minutes = m; $("durasi").value = m;
    document.querySelectorAll("#quick button").forEach(function (b) { b.classList.toggle("on", b.dataset.m === m); });
  }

  function render() {
    document.querySelectorAll("[data-t]").forEach(function (e) { e.textContent = T[e.dataset.t] || ""; });
    $("title").textContent = T.title;
    document.title = T.title;
    var sel = $("tanggal"); sel.textContent = "";
    opts.hari.forEach(function (d) {
      option(sel, d.tanggal, d.label + (d.terkunci ? " (" + T.day_locked + ")" : ""), d.terkunci);
    });
    sel = $("rhk"); sel.textContent = "";
    option(sel, "", T.pick);
    opts.pilihan.forEach(function (c) { option(sel, c.value, c.label); });
    opts.kategori.forEach(function (c) { option(sel, c.value, c.label); });
    $("uraian").maxLength = opts.maks_uraian;
    var q = $("quick"); q.textContent = "";
    opts.durasi.forEach(function (m) {
      var b = document.createElement("button");
      b.type = "button"; b.dataset.m = String(m); b.textContent = String(m);
      b.addEventListener("click", function () { setMinutes(String(m)); });
      q.appendChild(b);
    });
    dayChanged();
    status("");
    $("form").hidden = false;
  }

  $("tanggal").addEventListener("change", dayChanged);
  $("rhk").addEventListener("change", rhkChanged);
  $("durasi").addEventListener("input", function () { setMinutes($("durasi").value.trim()); });
  $("form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearErrors();
    var f = {
      tanggal: $("tanggal").value, hari_libur: $("hari_libur").checked, rhk: $("rhk").value,
      uraian: $("uraian").value, volume: $("volume").value, satuan: $("satuan").value,
      durasi: $("durasi").value, kunci: kunci
    };
    $("kirim").disabled = true; $("kirim").textContent = T.sending;
    api("POST", "laporan", f).then(function (r) {
      $("kirim").disabled = false; $("kirim").textContent = T.kirim;
      if (r.status === 201) {
        $("form").hidden = true;
        $("done-text").textContent = r.body.pesan;
        $("done").hidden = false;
        return;
      }
      showError(r.body.field || "general", r.body.pesan || T.error);
    }).catch(function () {
      $("kirim").disabled = false; $("kirim").textContent = T.kirim;
      showError("general", T.error);
    });
  });
  $("again").addEventListener("click", function () {
    kunci = key();
    $("uraian").value = ""; $("volume").value = ""; setMinutes("");
    $("done").hidden = true; $("form").hidden = false;
  });

  status("…");
  api("GET", "formulir").then(function (r) {
    if (r.status !== 200) { status(r.body.pesan || "Error"); return; }
    opts = r.body; T = opts.teks;
    if (opts.teks && opts.teks.loading) { status(opts.teks.loading); }
    render();
  }).catch(function () { status("Maaf, formulir tidak dapat dimuat. Mohon coba lagi."); });
})();

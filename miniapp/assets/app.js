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
  var files = []; // evidence uploaded for this form: {bukti, nama}
  var editing = null; // {id, versi} of the report being changed

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

  // fillRHK draws the RHK picker from opts (kept choice when still offered).
  var wantRHK = ""; // a choice to select once the picker has its year's list
  function fillRHK() {
    var sel = $("rhk"), keep = wantRHK || sel.value;
    wantRHK = "";
    sel.textContent = "";
    option(sel, "", T.pick);
    opts.pilihan.forEach(function (c) { option(sel, c.value, c.label); });
    opts.kategori.forEach(function (c) { option(sel, c.value, c.label); });
    sel.value = keep;
    if (sel.value !== keep) { sel.value = ""; rhkChanged(); }
  }
  function dayChanged() {
    // A day in another year than the picker's: that year's RHK.
    var day = $("tanggal").value;
    if (day && opts && Number(day.slice(0, 4)) !== opts.tahun) {
      api("GET", "formulir?tanggal=" + encodeURIComponent(day)).then(function (r) {
        if (r.status !== 200 || $("tanggal").value !== day) { return; }
        opts.pilihan = r.body.pilihan; opts.kategori = r.body.kategori; opts.tahun = r.body.tahun;
        fillRHK();
      });
    }
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
    fillRHK();
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
    $("tabs").hidden = false;
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
      durasi: $("durasi").value, kunci: kunci,
      bukti: files.map(function (x) { return x.bukti; })
    };
    if (editing) { f.ubah = editing.id; f.versi = editing.versi; }
    $("kirim").disabled = true; $("kirim").textContent = T.sending;
    api("POST", "laporan", f).then(function (r) {
      $("kirim").disabled = false; $("kirim").textContent = T.kirim;
      if (r.status === 201) {
        editing = null; $("editing").hidden = true;
        files = []; drawFiles();
        $("form").hidden = true;
        $("done-text").textContent = r.body.baru === false ? (T.already_sent || r.body.pesan) : r.body.pesan;
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
    kunci = key(); editing = null; $("editing").hidden = true;
    files = []; drawFiles();
    $("uraian").value = ""; $("volume").value = ""; setMinutes("");
    $("done").hidden = true; $("form").hidden = false;
  });

  // ---- evidence ----
  function drawFiles() {
    var ul = $("bukti-list"); ul.textContent = "";
    files.forEach(function (x, i) {
      var li = el("li"); li.appendChild(el("span", "", (x.foto ? "🖼 " : "📄 ") + x.nama));
      var rm = el("button", "", T.remove); rm.type = "button";
      rm.addEventListener("click", function () { files.splice(i, 1); drawFiles(); });
      li.appendChild(rm); ul.appendChild(li);
    });
  }
  $("berkas").addEventListener("change", function () {
    var chosen = [].slice.call($("berkas").files);
    $("berkas").value = "";
    var errEl = document.querySelector('.err[data-for="bukti"]');
    errEl.textContent = "";
    chosen.reduce(function (p, file) {
      return p.then(function () {
        if (files.length >= (opts.maks_bukti || 10)) { return; }
        var li = el("li", "", T.uploading + " " + file.name); $("bukti-list").appendChild(li);
        var fd = new FormData(); fd.append("berkas", file, file.name);
        return fetch("api/bukti", {method: "POST", headers: {"Authorization": "tma " + initData}, body: fd}).then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) {
            if (r.status === 201) { files.push({bukti: j.bukti, nama: j.nama, foto: j.foto}); } else { errEl.textContent = j.pesan || T.error; }
            drawFiles();
          });
        }).catch(function () { errEl.textContent = T.error; drawFiles(); });
      });
    }, Promise.resolve());
  });
  // showEvidence loads a report's evidence into holder (the board, the
  // author's list): photos as images, documents as links.
  function showEvidence(id, n, holder) {
    holder.textContent = "";
    holder.className = "previews";
    for (var i = 0; i < n; i++) {
      (function (i) {
        fetch("api/bukti?laporan=" + id + "&i=" + i, {headers: {"Authorization": "tma " + initData}}).then(function (r) {
          if (r.status !== 200) { holder.appendChild(el("p", "err", T.error)); return; }
          var kind = r.headers.get("Content-Type") || "";
          return r.blob().then(function (b) {
            var u = URL.createObjectURL(b);
            if (kind.indexOf("image/") === 0) { var img = el("img"); img.src = u; img.alt = T.label_bukti; holder.appendChild(img); }
            else { var a = el("a", "", "📄 " + T.label_bukti + " " + (i + 1)); a.href = u; a.download = "bukti-" + id + "-" + (i + 1); holder.appendChild(a); }
          });
        });
      })(i);
    }
  }

  // ---- this month's reports ----
  function loadRiwayat() {
    return api("GET", "riwayat").then(function (r) {
      var list = $("riwayat-list"); list.textContent = "";
      if (r.status !== 200) { $("riwayat-msg").textContent = r.body.pesan || T.error; return; }
      $("riwayat-total").textContent = r.body.total;
      if (!r.body.laporan.length) { list.appendChild(el("p", "note", T.riwayat_empty)); }
      r.body.laporan.forEach(function (rep) {
        var re = el("div", "rep");
        re.dataset.id = String(rep.id);
        re.appendChild(el("p", "meta", rep.label + " · " + rep.status_teks));
        re.appendChild(el("p", "", rep.uraian));
        re.appendChild(el("p", "meta", rep.volume + " " + rep.satuan + " · " + rep.menit + " " + T.minutes));
        if (rep.alasan) { re.appendChild(el("p", "err", rep.alasan)); }
        var acts = el("div", "acts"), holder = el("div"), result = el("p", "result err");
        if (rep.bisa_ubah && rep.rhk) {
          var ub = el("button", "ok", T.change); ub.type = "button"; ub.dataset.aksi = "ubah";
          ub.addEventListener("click", function () { startEdit(rep); });
          acts.appendChild(ub);
        }
        if (rep.bisa_tarik) {
          var tb = el("button", "", T.withdraw); tb.type = "button"; tb.dataset.aksi = "tarik";
          tb.addEventListener("click", function () {
            holder.textContent = "";
            holder.appendChild(el("p", "note", T.withdraw_confirm));
            var row = el("div", "acts");
            var yes = el("button", "ok", T.withdraw); yes.type = "button"; yes.dataset.aksi = "tarik-ya";
            yes.addEventListener("click", function () {
              api("POST", "tarik", {id: rep.id, versi: rep.versi}).then(function (r) {
                if (r.status === 200) { $("riwayat-msg").textContent = r.body.pesan; loadRiwayat(); return; }
                result.textContent = r.body.pesan || T.error;
              });
            });
            var no = el("button", "", T.cancel); no.type = "button";
            no.addEventListener("click", function () { holder.textContent = ""; });
            row.appendChild(yes); row.appendChild(no); holder.appendChild(row);
          });
          acts.appendChild(tb);
        }
        re.appendChild(acts); re.appendChild(holder); re.appendChild(result);
        list.appendChild(re);
      });
    });
  }
  function startEdit(rep) {
    editing = {id: rep.id, versi: rep.versi};
    kunci = key();
    files = []; drawFiles(); // new files are added to the report's own
    var sel = $("tanggal");
    if (![].some.call(sel.options, function (o) { return o.value === rep.tanggal; })) { option(sel, rep.tanggal, rep.label); }
    wantRHK = rep.rhk;
    sel.value = rep.tanggal; dayChanged();
    if (Number(rep.tanggal.slice(0, 4)) === opts.tahun) { wantRHK = ""; $("rhk").value = rep.rhk; }
    rhkChanged();
    $("uraian").value = rep.uraian;
    $("volume").value = String(rep.volume).replace(".", ",");
    if (!$("satuan").readOnly) { $("satuan").value = rep.satuan; }
    setMinutes(String(rep.menit));
    clearErrors();
    $("editing").hidden = false;
    $("done").hidden = true;
    showTab("lapor");
  }

  // ---- the scores, as /nilai shows them ----
  function loadNilai() {
    $("nilai-teks").textContent = T.loading;
    $("nilai-grafik").textContent = "";
    return api("GET", "nilai").then(function (r) {
      if (r.status !== 200) { $("nilai-teks").textContent = r.body.pesan || T.error; return; }
      $("nilai-teks").textContent = r.body.teks;
      r.body.grafik.forEach(function (g) {
        var img = el("img"); img.src = g.png; img.alt = g.judul;
        $("nilai-grafik").appendChild(img);
        $("nilai-grafik").appendChild(el("p", "note", g.judul));
      });
    });
  }

  // ---- the supervisor's board ----
  var board = null;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function showTab(which) {
    ["lapor", "riwayat", "nilai", "board"].forEach(function (t) { $("tab-" + t).classList.toggle("on", t === which); });
    $("board").hidden = which !== "board";
    $("riwayat").hidden = which !== "riwayat";
    $("nilai").hidden = which !== "nilai";
    if (which !== "lapor") { $("form").hidden = true; $("done").hidden = true; }
    else if ($("done").hidden) { $("form").hidden = false; }
  }
  function countOf(b) {
    var n = 0;
    b.orang.forEach(function (p) { p.hari.forEach(function (d) { n += d.laporan.length; }); });
    return n;
  }
  function loadBoard(keepMsg) {
    return api("GET", "persetujuan").then(function (r) {
      if (r.status !== 200) { $("board-msg").textContent = r.body.pesan || T.board_failed; return; }
      board = r.body;
      var n = countOf(board);
      $("tab-board").textContent = T.tab_board + (n ? " (" + n + ")" : "");
      $("tab-board").hidden = !n;
      if (!keepMsg) { $("board-msg").textContent = ""; }
      renderBoard();
    });
  }
  // decide sends one decision on items, in batches of 100 (the server's
  // bound), one batch after the other.
  function decide(aksi, items, alasan, resultEl) {
    var hasil = [], batches = [];
    for (var i = 0; i < items.length; i += 100) { batches.push(items.slice(i, i + 100)); }
    var chain = Promise.resolve({status: 200});
    batches.forEach(function (b) {
      chain = chain.then(function (r) {
        if (r.status !== 200) { return r; }
        return api("POST", "keputusan", {aksi: aksi, alasan: alasan || "", laporan: b}).then(function (r) {
          if (r.status === 200) { hasil = hasil.concat(r.body.hasil); }
          return r;
        });
      });
    });
    return chain.then(function (r) {
      if (r.status !== 200) { (resultEl || $("board-msg")).textContent = r.body.pesan || T.board_failed; return; }
      var failed = hasil.filter(function (h) { return !h.ok; });
      var lines = (failed.length ? failed : hasil.slice(0, 1)).map(function (h) { return h.pesan; });
      if (failed.length && resultEl) { resultEl.textContent = lines.join("\n"); return; }
      $("board-msg").textContent = lines.join("\n");
      return loadBoard(true);
    }).catch(function () { (resultEl || $("board-msg")).textContent = T.board_failed; });
  }
  function reasonBox(rep, aksi, holder, result) {
    holder.textContent = "";
    var box = el("div", "reasonbox");
    box.appendChild(el("p", "note", T.reason));
    var chips = el("div", "chips");
    (board.alasan || []).forEach(function (a) {
      var b = el("button", "", a); b.type = "button";
      b.addEventListener("click", function () { decide(aksi, [{id: rep.id, versi: rep.versi}], a, result); });
      chips.appendChild(b);
    });
    box.appendChild(chips);
    var ta = el("textarea"); ta.rows = 2; ta.placeholder = T.reason_own; ta.setAttribute("aria-label", T.reason);
    box.appendChild(ta);
    var acts = el("div", "acts");
    var go = el("button", "ok", aksi === "tolak" ? T.reject : T["return"]); go.type = "button";
    go.addEventListener("click", function () { decide(aksi, [{id: rep.id, versi: rep.versi}], ta.value, result); });
    var cancel = el("button", "", T.cancel); cancel.type = "button";
    cancel.addEventListener("click", function () { holder.textContent = ""; });
    acts.appendChild(go); acts.appendChild(cancel);
    box.appendChild(acts);
    holder.appendChild(box);
    ta.focus();
  }
  function renderBoard() {
    var list = $("board-list"); list.textContent = "";
    var all = [];
    board.orang.forEach(function (p) {
      var pe = el("div", "person");
      pe.appendChild(el("h2", "", p.nama + " · " + p.nip));
      p.hari.forEach(function (d) {
        var de = el("div", "day");
        de.appendChild(el("h3", "", d.label));
        var dayItems = d.laporan.map(function (x) { return {id: x.id, versi: x.versi}; });
        all = all.concat(dayItems);
        d.laporan.forEach(function (rep) {
          var re = el("div", "rep");
          re.dataset.id = String(rep.id);
          re.appendChild(el("p", "meta", rep.rhk));
          re.appendChild(el("p", "", rep.uraian));
          re.appendChild(el("p", "meta", rep.volume + " " + rep.satuan + " · " + rep.menit + " " + T.minutes));
          if (rep.bukti) { re.appendChild(el("p", "meta", rep.bukti)); }
          var acts = el("div", "acts"), holder = el("div"), result = el("p", "result err");
          if (rep.n_bukti) {
            var previews = el("div");
            var sb = el("button", "", T.evidence_show); sb.type = "button"; sb.dataset.aksi = "bukti";
            sb.addEventListener("click", function () { showEvidence(rep.id, rep.n_bukti, previews); });
            acts.appendChild(sb);
            re.appendChild(previews);
          }
          [["setujui", T.approve, "ok"], ["kembalikan", T["return"], ""], ["tolak", T.reject, ""]].forEach(function (a) {
            var b = el("button", a[2], a[1]); b.type = "button"; b.dataset.aksi = a[0];
            b.addEventListener("click", function () {
              if (a[0] === "setujui") { decide("setujui", [{id: rep.id, versi: rep.versi}], "", result); return; }
              reasonBox(rep, a[0], holder, result);
            });
            acts.appendChild(b);
          });
          re.appendChild(acts); re.appendChild(holder); re.appendChild(result);
          de.appendChild(re);
        });
        if (d.laporan.length > 1) {
          var b = el("button", "wide", T.approve_day); b.type = "button";
          b.addEventListener("click", function () { decide("setujui", dayItems, ""); });
          de.appendChild(b);
        }
        pe.appendChild(de);
      });
      list.appendChild(pe);
    });
    $("approve-all").hidden = all.length < 2;
    $("approve-all").onclick = function () { decide("setujui", all, ""); };
    if (!all.length) { list.appendChild(el("p", "note", T.board_empty)); }
  }
  $("tab-lapor").addEventListener("click", function () { showTab("lapor"); });
  $("tab-riwayat").addEventListener("click", function () { showTab("riwayat"); loadRiwayat(); });
  $("tab-nilai").addEventListener("click", function () { showTab("nilai"); loadNilai(); });
  $("tab-board").addEventListener("click", function () { showTab("board"); loadBoard(); });

  status("…");
  api("GET", "formulir").then(function (r) {
    if (r.status !== 200) { status(r.body.pesan || "Maaf, formulir tidak dapat dimuat. Mohon coba lagi."); return; }
    opts = r.body; T = opts.teks;
    if (opts.teks && opts.teks.loading) { status(opts.teks.loading); }
    render();
    loadBoard().then(function () {
      // Someone with reports to decide and nothing of their own to report
      // opens on the board.
      if (board && countOf(board) && !opts.pilihan.length) { showTab("board"); }
    });
  }).catch(function () { status("Maaf, formulir tidak dapat dimuat. Mohon coba lagi."); });
})();

// kinerjabot demo page: a Telegram-like chat with the real bot, as any
// seeded person. Plain JavaScript, no network beyond this server.
"use strict";

// The page's words, Indonesian and English, by key (data-i18n in index.html).
const T = {
  subtitle: { id: "demo luring", en: "offline demo" },
  clockLabel: { id: "Jam demo", en: "Demo clock" },
  plusHour: { id: "+1 jam", en: "+1 hour" },
  toAfternoon: { id: "Ke 15.31", en: "To 15.31" },
  plusDay: { id: "+1 hari", en: "+1 day" },
  toMonth: { id: "Bulan depan, lewat batas validasi", en: "Next month, past the deadline" },
  people: { id: "Masuk sebagai", en: "Sign in as" },
  message: { id: "Pesan", en: "Message" },
  placeholder: { id: "Tulis pesan atau /perintah…", en: "Type a message or /command…" },
  photoTitle: { id: "Kirim foto contoh sebagai bukti", en: "Send a sample photo as evidence" },
  docTitle: { id: "Kirim dokumen contoh (PDF)", en: "Send a sample document (PDF)" },
  send: { id: "Kirim", en: "Send" },
  foot: { id: "Semua berjalan di komputer ini: Telegram tiruan, basis data kinerjabot_demo, tanpa internet.", en: "Everything runs on this computer: a fake Telegram, the kinerjabot_demo database, no internet." },
  kepala: { id: "Kepala Dinas", en: "Head of agency" },
  atasan: { id: "Atasan", en: "Supervisor" },
  staf: { id: "Staf", en: "Staff" },
  baru: { id: "Pegawai baru", en: "New employee" },
  edited: { id: "diedit", en: "edited" },
  photoAlt: { id: "Gambar dari kinerjabot", en: "Picture from kinerjabot" },
  document: { id: "Dokumen", en: "Document" },
  contact: { id: "Kontak", en: "Contact" },
  failed: { id: "Gagal menghubungi demo. Coba lagi.", en: "Could not reach the demo. Try again." },
  start: { id: "Mulai", en: "Start" },
  photoLabel: { id: "Foto", en: "Photo" },
  docLabel: { id: "Dokumen", en: "Document" },
  miniApp: { id: "📱 Formulir", en: "📱 Form" },
  close: { id: "Tutup", en: "Close" },
};

let lang = localStorage.getItem("kb-lang") || "id";
let me = new URLSearchParams(location.search).get("as") || localStorage.getItem("kb-as") || "";
let people = [];
let lastRender = "";
let lastCount = 0;
let forceScroll = true;
let miniAppURL = ""; // the selected person's Mini App (state.miniApp)

// openMiniApp opens the Mini App in the phone's panel, as Telegram does for
// a web_app button or the menu button.
function openMiniApp() {
  if (!miniAppURL) return;
  $("miniapp-frame").src = miniAppURL;
  $("miniapp").hidden = false;
  $("miniapp-close").focus();
}
function closeMiniApp() {
  $("miniapp").hidden = true;
  $("miniapp-frame").src = "about:blank";
  refreshSoon();
}

const $ = (id) => document.getElementById(id);
const t = (k) => (T[k] && (T[k][lang] || T[k].id)) || k;

function applyLang() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll("[data-i18n-title]").forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  document.querySelectorAll("[data-i18n-label]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.i18nLabel)); });
  $("lang-id").setAttribute("aria-pressed", String(lang === "id"));
  $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
  renderPeople();
  lastRender = "";
}

async function api(path, body) {
  const opts = body ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : {};
  const res = await fetch("/demo/api/" + path, opts);
  if (!res.ok) throw new Error(res.status + " " + (await res.text()));
  return res.json();
}

function toast(text) {
  const el = $("toast");
  if (!text) return;
  el.textContent = text; // an empty toast is not shown (CSS)
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.textContent = ""; }, 3500);
}

function renderPeople() {
  const ul = $("people");
  const sel = $("person-select");
  ul.textContent = "";
  sel.textContent = "";
  for (const p of people) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.person = p.id;
    b.setAttribute("aria-current", String(String(p.id) === me));
    b.append(p.nama);
    const role = document.createElement("span");
    role.className = "role";
    role.textContent = p.role === "kepala" ? p.jabatan : t(p.role) + " · " + p.jabatan;
    b.append(role);
    b.addEventListener("click", () => choose(String(p.id)));
    li.append(b);
    ul.append(li);
    const o = document.createElement("option");
    o.value = p.id;
    o.textContent = p.nama + " (" + t(p.role) + ")";
    o.selected = String(p.id) === me;
    sel.append(o);
  }
  const cur = people.find((p) => String(p.id) === me);
  $("chat-title").textContent = cur ? "kinerjabot — " + cur.nama : "kinerjabot";
}

function choose(id) {
  me = id;
  localStorage.setItem("kb-as", me);
  const u = new URL(location.href);
  u.searchParams.set("as", me);
  history.replaceState(null, "", u);
  lastRender = "";
  forceScroll = true;
  // The Mini App opens as the new person only once their state is here.
  miniAppURL = "";
  $("open-miniapp").hidden = true;
  $("toast").textContent = "";
  renderPeople();
  refresh();
  $("text").focus();
}

function buttonRow(row, onPress, keyPrefix) {
  const div = document.createElement("div");
  div.className = "row";
  for (const b of row) {
    const btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = b.text;
    btn.dataset.key = keyPrefix + "|" + b.text;
    btn.addEventListener("click", () => onPress(b, btn));
    div.append(btn);
  }
  return div;
}

// messageNode draws one message.
function messageNode(m, follow) {
  const log = $("log");
  const div = document.createElement("div");
  div.className = "msg" + (m.fromBot ? "" : " me");
  div.dataset.id = m.id;
  if (m.photo) {
    const img = document.createElement("img");
    img.src = "/demo/api/photo?user=" + encodeURIComponent(me) + "&msg=" + m.id;
    img.alt = m.text || t("photoAlt");
    img.addEventListener("load", () => { if (follow) log.scrollTop = log.scrollHeight; });
    div.append(img);
  }
  if (m.document && m.fromBot) {
    const a = document.createElement("a");
    a.href = "/demo/api/file?user=" + encodeURIComponent(me) + "&msg=" + m.id;
    a.download = m.document;
    a.textContent = "📄 " + m.document;
    div.append(a, m.text ? "\n" : "");
  } else if (m.document) div.append("📄 " + t("document") + ": " + m.document + (m.text ? "\n" : ""));
  if (m.contact) div.append("👤 " + t("contact") + ": " + m.contact);
  if (m.text) div.append(m.text);
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = (m.edited ? t("edited") + " · " : "") + m.time;
  div.append(meta);
  if (m.buttons && m.buttons.length) {
    const inline = document.createElement("div");
    inline.className = "inline";
    for (const row of m.buttons) {
      inline.append(buttonRow(row, async (b) => {
        if (b.webApp) { openMiniApp(); return; }
        const who = me;
        try {
          const r = await api("press", { user: who, message: m.id, data: b.data });
          if (who === me) toast(r.answer); // the visitor may have switched person meanwhile
        } catch (e) { if (who === me) toast(t("failed")); }
        refreshSoon();
      }, "m" + m.id));
    }
    div.append(inline);
  }
  return div;
}

// renderChat brings the chat in line with the state: only new, edited or
// deleted messages change in the page (a screen reader announces just
// those), and the keyboard focus stays on its button.
let drawn = new Map(); // message id → JSON of what is drawn
let lastKeyboard = "";
function renderChat(state) {
  const key = JSON.stringify([state.messages, state.keyboard, lang]);
  if (key === lastRender) return;
  const redraw = lastRender === ""; // another person or language: start over
  lastRender = key;
  const log = $("log");
  const act = document.activeElement;
  let focusKey = null;
  if (act && act.dataset && act.dataset.key && (log.contains(act) || $("keyboard").contains(act))) focusKey = act.dataset.key;
  const msgs = state.messages || [];
  // Follow the conversation like a chat app: to the newest message when
  // one arrives or another person is chosen, else keep the reader's place.
  const follow = forceScroll || msgs.length > lastCount || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  forceScroll = false;
  lastCount = msgs.length;
  const keep = log.scrollTop;
  if (redraw) {
    log.textContent = "";
    drawn = new Map();
  }
  const wanted = new Set(msgs.map((m) => String(m.id)));
  for (const node of [...log.children]) {
    if (!wanted.has(node.dataset.id)) { node.remove(); drawn.delete(node.dataset.id); }
  }
  let prev = null;
  for (const m of msgs) {
    const id = String(m.id);
    const sig = JSON.stringify(m);
    let node = log.querySelector('[data-id="' + id + '"]');
    if (!node || drawn.get(id) !== sig) {
      const fresh = messageNode(m, follow);
      if (node) node.replaceWith(fresh); else if (prev) prev.after(fresh); else log.prepend(fresh);
      node = fresh;
      drawn.set(id, sig);
    }
    prev = node;
  }
  log.scrollTop = follow ? log.scrollHeight : keep;
  const kbKey = JSON.stringify(state.keyboard || []);
  if (redraw || kbKey !== lastKeyboard) {
    lastKeyboard = kbKey;
    const kb = $("keyboard");
    kb.textContent = "";
    for (const row of state.keyboard || []) {
      kb.append(buttonRow(row, async (b) => {
        try {
          await api("send", b.contact ? { user: me, kind: "contact" } : { user: me, kind: "text", text: b.text });
        } catch (e) { toast(t("failed")); }
        refreshSoon();
      }, "kb"));
    }
  }
  // A redrawn button took the focus with it: give it to its successor.
  if (focusKey && (!act.isConnected || document.activeElement === document.body)) {
    const again = [...document.querySelectorAll("#log button, #keyboard button")].find((x) => x.dataset.key === focusKey);
    (again || $("text")).focus({ preventScroll: true });
  }
}

async function refresh() {
  const who = me;
  try {
    const state = await api("state?user=" + encodeURIComponent(who));
    if (who !== me) return; // another person was chosen meanwhile
    if ($("clock").textContent !== state.clock) $("clock").textContent = state.clock;
    miniAppURL = state.miniApp || "";
    $("open-miniapp").hidden = !miniAppURL;
    if (!people.length) {
      people = state.people || [];
      if (!people.some((p) => String(p.id) === me) && people.length) me = String(people[3] ? people[3].id : people[0].id);
      renderPeople();
      if (me) { refresh(); return; }
    }
    renderChat(state);
  } catch (e) { /* the server may be restarting: the next poll tries again */ }
}

let soon = null;
function refreshSoon() {
  clearTimeout(soon);
  soon = setTimeout(refresh, 150);
}

// Enter sends, Shift+Enter starts a new line (as Telegram's desktop apps
// do); the box grows with its lines.
function fitComposer() {
  const input = $("text");
  input.style.height = "auto";
  input.style.height = input.scrollHeight + "px";
}
$("text").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    $("composer").requestSubmit();
  }
});
$("text").addEventListener("input", fitComposer);
$("composer").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const input = $("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  fitComposer();
  try { await api("send", { user: me, kind: "text", text }); } catch (e) { toast(t("failed")); input.value = text; }
  refreshSoon();
});
$("send-photo").addEventListener("click", async () => {
  try { await api("send", { user: me, kind: "photo", text: "" }); } catch (e) { toast(t("failed")); }
  refreshSoon();
});
$("send-doc").addEventListener("click", async () => {
  try { await api("send", { user: me, kind: "document", text: "" }); } catch (e) { toast(t("failed")); }
  refreshSoon();
});
document.querySelectorAll("[data-step]").forEach((b) => b.addEventListener("click", async () => {
  b.disabled = true;
  try { const r = await api("clock", { step: b.dataset.step }); $("clock").textContent = r.clock; } catch (e) { toast(t("failed")); }
  b.disabled = false;
  refreshSoon();
}));
$("person-select").addEventListener("change", (ev) => choose(ev.target.value));
$("open-miniapp").addEventListener("click", openMiniApp);
$("miniapp-close").addEventListener("click", closeMiniApp);
document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !$("miniapp").hidden) closeMiniApp(); });
$("lang-id").addEventListener("click", () => { lang = "id"; localStorage.setItem("kb-lang", lang); applyLang(); refresh(); });
$("lang-en").addEventListener("click", () => { lang = "en"; localStorage.setItem("kb-lang", lang); applyLang(); refresh(); });

applyLang();
refresh();
// A window made smaller (a phone turned) keeps the newest message in view.
window.addEventListener("resize", () => { const log = $("log"); log.scrollTop = log.scrollHeight; });
setInterval(refresh, 700);

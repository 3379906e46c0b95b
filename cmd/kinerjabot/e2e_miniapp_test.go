package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/telegramtest"
)

const e2eMiniAppURL = "https://kinerja.example.go.id/app/"

// miniAppCall is one request to the Mini App's API with initData (""
// sends none).
func miniAppCall(t *testing.T, e *e2e, method, path, initData string, body any) (int, map[string]any, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, "http://"+e.addr+"/app/"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if initData != "" {
		req.Header.Set("Authorization", "tma "+initData)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out, raw
}

// newMiniAppE2E is the reporting world with the staff member linked, the
// head of the unit (their assessor) on Telegram as bossID, and the bot
// running with MINIAPP_URL set.
func newMiniAppE2E(t *testing.T, bossID int64) (*e2e, unitFixture) {
	t.Helper()
	e, f := newReportE2E(t)
	f.link(t, e.db)
	if bossID != 0 {
		linkTelegram(t, e.db, f.kepala.ID, bossID)
	}
	e.cfg.MiniAppURL = e2eMiniAppURL
	e.start()
	return e, f
}

// messageOf is the message id of u's chat as it is now (edits applied).
func messageOf(u *telegramtest.User, id int) telegramtest.Message {
	for _, m := range u.History() {
		if m.ID == id {
			return m
		}
	}
	return telegramtest.Message{}
}

// writesTo counts the bot's sends and edits to these chats so far.
func writesTo(tg *telegramtest.Server, chats ...int64) int {
	n := 0
	for _, q := range tg.Requests("") {
		if !telegramWrites[q.Method] {
			continue
		}
		for _, c := range chats {
			if q.Params["chat_id"] == fmt.Sprint(c) {
				n++
			}
		}
	}
	return n
}

// Issue 17: with MINIAPP_URL set, /lapor and the chat's menu button open the
// Mini App; its API admits only Telegram-signed initData of a linked person
// and files a report through the chat's own rules, with the chat's
// confirmation and the supervisor's card: two Telegram writes in all.
func TestE2EMiniAppFilesAReport(t *testing.T) {
	const bossID = 9101
	e, f := newMiniAppE2E(t, bossID)
	u := e.tg.User(f.stafTelegram, telegramtest.WithFirstName("Sari"))
	boss := e.tg.User(bossID, telegramtest.WithStarted())

	// The chat's menu button and /lapor open the Mini App.
	if !waitFor(func() bool { return e.tg.MenuButton(f.stafTelegram).Type == "web_app" }) {
		t.Fatalf("menu button %+v, want the Mini App", e.tg.MenuButton(f.stafTelegram))
	}
	if mb := e.tg.MenuButton(f.stafTelegram); mb.WebApp != e2eMiniAppURL || mb.Text != "Formulir" {
		t.Errorf("menu button %+v", mb)
	}
	u.SendCommand("/lapor")
	list := expect(t, u, "mendukung RHK yang mana")
	btn, ok := list.Button("📝 Isi formulir")
	if !ok || btn.WebApp != e2eMiniAppURL || btn.CallbackData != "" {
		t.Fatalf("/lapor offers no Mini App button: %+v", list.Buttons())
	}
	press(t, u, list, "Batal")

	// The page itself, from the binary.
	for _, path := range []string{"", "app.js", "app.css"} {
		res, err := http.Get("http://" + e.addr + "/app/" + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(body) < 100 {
			t.Fatalf("GET /app/%s: %d, %d bytes", path, res.StatusCode, len(body))
		}
	}

	// No, forged, expired initData, or a stranger's: refused, nothing filed.
	form := map[string]any{"tanggal": "2026-12-28", "rhk": fmt.Sprintf("r%d", f.rhkLaporan), "uraian": "Menyusun laporan kinerja bulan November",
		"volume": "1", "durasi": "90", "kunci": "formA1b2c3d4"}
	forged := telegramtest.SignInitData("999:not-this-bot", map[string]string{"user": fmt.Sprintf(`{"id":%d,"first_name":"Sari"}`, f.stafTelegram),
		"auth_date": fmt.Sprint(e.clock.Now().Unix())})
	for name, data := range map[string]string{
		"none": "", "forged": forged, "expired": u.InitDataAt(e.clock.Now().Add(-25 * time.Hour)),
	} {
		code, out, _ := miniAppCall(t, e, "POST", "api/laporan", data, form)
		if code != http.StatusUnauthorized || !strings.Contains(fmt.Sprint(out["pesan"]), "buka lagi dari chat") {
			t.Errorf("%s initData: %d %v, want 401 and the Indonesian explanation", name, code, out)
		}
		if code, _, _ := miniAppCall(t, e, "GET", "api/formulir", data, nil); code != http.StatusUnauthorized {
			t.Errorf("%s initData, formulir: %d, want 401", name, code)
		}
	}
	stranger := e.tg.User(5555)
	if code, out, _ := miniAppCall(t, e, "POST", "api/laporan", stranger.InitDataAt(e.clock.Now()), form); code != http.StatusForbidden ||
		!strings.Contains(fmt.Sprint(out["pesan"]), "belum terhubung") {
		t.Errorf("an unlinked account: %d %v, want 403", code, out)
	}
	if n := len(reportsOf(t, e.db, f.staf.ID)); n != 0 {
		t.Fatalf("%d reports filed by refused requests", n)
	}

	// What the form offers: the window's days (Christmas a holiday), the
	// RHK as the chat lists them, the page's words in Indonesian.
	code, opts, raw := miniAppCall(t, e, "GET", "api/formulir", u.InitDataAt(e.clock.Now()), nil)
	if code != 200 {
		t.Fatalf("formulir: %d %s", code, raw)
	}
	var o struct {
		HariIni string `json:"hari_ini"`
		Hari    []struct {
			Tanggal, Label, Libur string
		} `json:"hari"`
		Pilihan []struct{ Value, Label, Satuan string } `json:"pilihan"`
		Teks    map[string]string                       `json:"teks"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	if o.HariIni != "2026-12-28" || len(o.Hari) != 4 || o.Hari[0].Tanggal != "2026-12-28" || !strings.Contains(o.Hari[3].Libur, "Natal") {
		t.Errorf("days %+v (%v)", o.Hari, opts["hari_ini"])
	}
	if len(o.Pilihan) != 4 || o.Pilihan[0].Satuan != "laporan" || !strings.Contains(o.Pilihan[1].Label, "Notulen") {
		t.Errorf("choices %+v", o.Pilihan)
	}
	if o.Teks["kirim"] != "Kirim" || o.Teks["label_uraian"] != "Uraian" {
		t.Errorf("page words %v", o.Teks)
	}

	// A field the chat would refuse is refused the same way, by field.
	short := map[string]any{}
	for k, v := range form {
		short[k] = v
	}
	short["uraian"] = "Rapat"[:3]
	if code, out, _ := miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), short); code != http.StatusUnprocessableEntity ||
		out["field"] != "uraian" || !strings.Contains(fmt.Sprint(out["pesan"]), "terlalu pendek") {
		t.Errorf("a short uraian: %d %v", code, out)
	}
	holiday := map[string]any{}
	for k, v := range form {
		holiday[k] = v
	}
	holiday["tanggal"], holiday["kunci"] = "2026-12-25", "formHoliday01"
	if code, out, _ := miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), holiday); code != http.StatusUnprocessableEntity ||
		out["field"] != "hari_libur" || !strings.Contains(fmt.Sprint(out["pesan"]), "Natal") {
		t.Errorf("a holiday, not confirmed: %d %v", code, out)
	}
	if n := len(reportsOf(t, e.db, f.staf.ID)); n != 0 {
		t.Fatalf("%d reports filed by refused forms", n)
	}

	// Filed: one report, audited; the chat's confirmation and the card.
	before := writesTo(e.tg, f.stafTelegram, bossID)
	code, out, raw := miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), form)
	if code != http.StatusCreated || out["baru"] != true {
		t.Fatalf("file: %d %s", code, raw)
	}
	confirm := expect(t, u, "Laporan terkirim dan menunggu persetujuan atasan")
	if !strings.Contains(confirm.Text, "Menyusun laporan kinerja bulan November") || !strings.Contains(confirm.Text, "90 menit") {
		t.Errorf("confirmation %q", confirm.Text)
	}
	card := expect(t, boss, "Menyusun laporan kinerja bulan November")
	if _, ok := card.Button("Setujui"); !ok {
		t.Errorf("card without Setujui: %+v", card.Buttons())
	}
	rows := reportsOf(t, e.db, f.staf.ID)
	if len(rows) != 1 || rows[0].Status != "diajukan" || rows[0].RHK != f.rhkLaporan || rows[0].Satuan != "laporan" || rows[0].Menit != 90 || rows[0].Volume != 1 {
		t.Fatalf("reports %+v", rows)
	}
	var audited int
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'ajukan' AND entity_id = $1 AND actor_id = $2`,
		rows[0].ID, f.staf.ID).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("audit rows %d, %v", audited, err)
	}

	// The same form sent again (a double tap, a retry after a lost
	// answer): what it filed, nothing more — even where its rules would now
	// count the first copy (a long day) — and the same key with other
	// content is refused, pointing to Ubah.
	code, out, _ = miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), form)
	if code != http.StatusCreated || out["baru"] != false {
		t.Errorf("the same form again: %d %v", code, out)
	}
	long := map[string]any{}
	for k, v := range form {
		long[k] = v
	}
	long["durasi"], long["kunci"], long["uraian"] = "400", "formLong0001", "Menyusun laporan kinerja tahunan unit"
	for i := range 2 {
		if code, out, raw := miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), long); code != http.StatusCreated || out["baru"] != (i == 0) {
			t.Fatalf("a 400-minute report, try %d: %d %s", i+1, code, raw)
		}
	}
	expect(t, u, "Laporan terkirim")
	expect(t, boss, "Menyusun laporan kinerja tahunan unit")
	long["uraian"] = "Sesuatu yang lain sama sekali"
	if code, out, _ := miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), long); code != http.StatusConflict ||
		!strings.Contains(fmt.Sprint(out["pesan"]), "sudah terkirim sebelumnya") {
		t.Errorf("the same key with other content: %d %v", code, out)
	}
	time.Sleep(300 * time.Millisecond) // a second confirmation or card would be out by now
	if n := len(reportsOf(t, e.db, f.staf.ID)); n != 2 {
		t.Fatalf("%d reports after two forms, each sent twice", n)
	}
	if got := writesTo(e.tg, f.stafTelegram, bossID) - before; got != 4 {
		t.Errorf("%d Telegram writes for two reports filed from the Mini App, want 4 (each: confirmation, card)", got)
	}

	// A day off, confirmed on the form: filed.
	holiday["hari_libur"] = true
	if code, _, raw := miniAppCall(t, e, "POST", "api/laporan", u.InitDataAt(e.clock.Now()), holiday); code != http.StatusCreated {
		t.Fatalf("a confirmed holiday: %d %s", code, raw)
	}
	expect(t, u, "Laporan terkirim")
	if n := len(reportsOf(t, e.db, f.staf.ID)); n != 3 {
		t.Fatalf("%d reports, want 3", n)
	}

	// The uraian filed before is offered again for the same RHK.
	code, _, raw = miniAppCall(t, e, "GET", fmt.Sprintf("api/uraian?rhk=r%d", f.rhkLaporan), u.InitDataAt(e.clock.Now()), nil)
	if code != 200 || !strings.Contains(string(raw), "Menyusun laporan kinerja bulan November") {
		t.Errorf("recent uraian: %d %s", code, raw)
	}
}

func TestMiniAppConfig(t *testing.T) {
	get := func(v string) map[string]string {
		return map[string]string{"TELEGRAM_BOT_TOKEN": "123:abc", "MINIAPP_URL": v}
	}
	c, err := LoadConfig(env(get("")), true)
	if err != nil || c.MiniAppURL != "" {
		t.Fatalf("default: %v %q", err, c.MiniAppURL)
	}
	c, err = LoadConfig(env(get("https://kinerja.example.go.id/app/")), true)
	if err != nil || c.MiniAppURL != "https://kinerja.example.go.id/app/" {
		t.Fatalf("good: %v %q", err, c.MiniAppURL)
	}
	for _, bad := range []string{"http://kinerja.example.go.id/app/", "kinerja.example.go.id/app/", "https:///app/",
		"https://user:pw@kinerja.example.go.id/app/", "https://kinerja.example.go.id/app/#x"} {
		_, err := LoadConfig(env(get(bad)), true)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Var != "MINIAPP_URL" {
			t.Errorf("%q: err = %v, want a ConfigError naming MINIAPP_URL", bad, err)
		}
	}
}

// Issue 17: the supervisor's board in the Mini App decides on the rules of
// the card's buttons — only the author's assessor, a reason for a return,
// the first decision wins and the loser is told — at one Telegram write a
// decision (the author's day message); a card left in the chat, pressed,
// says so and follows.
func TestE2EMiniAppBoard(t *testing.T) {
	const bossID = 9102
	e, f := newMiniAppE2E(t, bossID)
	u := e.tg.User(f.stafTelegram, telegramtest.WithStarted())
	boss := e.tg.User(bossID, telegramtest.WithStarted())
	asBoss, asStaff := boss.InitDataAt(e.clock.Now()), u.InitDataAt(e.clock.Now())
	first := fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Menyusun notula rapat koordinasi", 60))
	second := fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Memeriksa daftar hadir rapat", 30))
	// The two cards, in whichever order their jobs ran.
	cardA, cardB := next(t, boss), next(t, boss)
	if a, b := cardA.Text, cardB.Text; !(strings.Contains(a+b, "Menyusun notula rapat koordinasi") && strings.Contains(a+b, "Memeriksa daftar hadir rapat")) {
		t.Fatalf("cards %q and %q", a, b)
	}
	firstCard := cardA
	if !strings.Contains(cardA.Text, "Menyusun notula rapat koordinasi") {
		firstCard = cardB
	}

	code, _, raw := miniAppCall(t, e, "GET", "api/persetujuan", asBoss, nil)
	var b struct {
		Orang []struct {
			Nama, NIP string
			Hari      []struct {
				Tanggal string
				Laporan []struct {
					ID     int64
					Versi  int
					Uraian string
				}
			}
		}
		Alasan []string
	}
	if err := json.Unmarshal(raw, &b); code != 200 || err != nil {
		t.Fatalf("board: %d %s %v", code, raw, err)
	}
	if len(b.Orang) != 1 || b.Orang[0].Nama != "Sari Wulandari" || len(b.Orang[0].Hari) != 1 || len(b.Orang[0].Hari[0].Laporan) != 2 || len(b.Alasan) == 0 {
		t.Fatalf("board %+v", b)
	}
	decide := func(initData, aksi, alasan string, ids ...int64) []map[string]any {
		t.Helper()
		var items []map[string]any
		for _, id := range ids {
			items = append(items, map[string]any{"id": id, "versi": 1})
		}
		code, _, raw := miniAppCall(t, e, "POST", "api/keputusan", initData, map[string]any{"aksi": aksi, "alasan": alasan, "laporan": items})
		var out struct{ Hasil []map[string]any }
		if err := json.Unmarshal(raw, &out); code != 200 || err != nil {
			t.Fatalf("decide: %d %s", code, raw)
		}
		return out.Hasil
	}
	// The author cannot decide their own; refused and nothing changes.
	if h := decide(asStaff, "setujui", "", first.ID); h[0]["ok"] != false || !strings.Contains(fmt.Sprint(h[0]["pesan"]), "tidak") {
		t.Errorf("the author approving: %v", h)
	}
	// Malformed requests decide nothing: an unknown action, a return of
	// several reports at once (one at a time, as on the card).
	for _, body := range []map[string]any{
		{"aksi": "hapus", "laporan": []map[string]any{{"id": first.ID, "versi": 1}}},
		{"aksi": "kembalikan", "alasan": "Bukti belum dilampirkan", "laporan": []map[string]any{{"id": first.ID, "versi": 1}, {"id": second.ID, "versi": 1}}},
	} {
		if code, _, _ := miniAppCall(t, e, "POST", "api/keputusan", asBoss, body); code != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400", body, code)
		}
	}
	// A return needs a reason the chat would accept.
	if h := decide(asBoss, "kembalikan", "ok", first.ID); h[0]["ok"] != false || !strings.Contains(fmt.Sprint(h[0]["pesan"]), "Alasan") {
		t.Errorf("a return with a 2-letter reason: %v", h)
	}
	if rows := reportsOf(t, e.db, f.staf.ID); rows[0].Status != "diajukan" || rows[1].Status != "diajukan" {
		t.Fatalf("refused decisions changed %+v", rows)
	}
	// Returned with a quick reason; the other approved.
	kartuJobsDone(t, e.db)
	bossWrites, staffWrites := writesTo(e.tg, bossID), writesTo(e.tg, f.stafTelegram)
	if h := decide(asBoss, "kembalikan", b.Alasan[0], first.ID); h[0]["ok"] != true {
		t.Fatalf("return: %v", h)
	}
	if h := decide(asBoss, "setujui", "", second.ID); h[0]["ok"] != true {
		t.Fatalf("approve: %v", h)
	}
	// At most one Telegram write per decision on the board: the author's
	// day message (sent, or edited for the second). The cards in the
	// supervisor's chat are left as they are.
	kartuJobsDone(t, e.db) // the decisions' jobs were enqueued with them
	if got := writesTo(e.tg, f.stafTelegram) - staffWrites; got < 1 || got > 2 {
		t.Errorf("%d writes to the author for two decisions on the board, want 1 or 2", got)
	}
	if got := writesTo(e.tg, bossID) - bossWrites; got != 0 {
		t.Errorf("%d writes to the supervisor for two decisions on the board, want 0", got)
	}
	// A card left behind by the board, pressed: the decision stands, is
	// told, and the card is brought in line (its buttons gone).
	if ans := press(t, boss, firstCard, "Setujui"); !strings.Contains(ans.Text, "kembalikan") {
		t.Errorf("pressing Setujui on a card returned on the board: %q", ans.Text)
	}
	eventually(t, "the card brought in line", func() bool {
		m := messageOf(boss, firstCard.ID)
		_, live := m.Button("Setujui")
		return !live && strings.Contains(strings.ToLower(m.Text), "dikembalikan")
	})
	// A stale board: the first decision stands and is told.
	if h := decide(asBoss, "tolak", "Bukan kegiatan unit ini", second.ID); h[0]["ok"] != false || !strings.Contains(fmt.Sprint(h[0]["pesan"]), "sudah Bapak/Ibu setujui") {
		t.Errorf("a rejection after the approval: %v", h)
	}
	rows := reportsOf(t, e.db, f.staf.ID)
	if rows[0].Status != "dikembalikan" || rows[1].Status != "disetujui" {
		t.Fatalf("statuses %+v", rows)
	}
	var decisions int
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('setujui', 'kembalikan', 'tolak') AND actor_id = $1`, f.kepala.ID).Scan(&decisions); err != nil || decisions != 2 {
		t.Fatalf("decisions audited %d, %v", decisions, err)
	}
	// The board is empty now.
	if _, _, raw := miniAppCall(t, e, "GET", "api/persetujuan", asBoss, nil); !strings.Contains(string(raw), `"orang":[]`) {
		t.Errorf("board after deciding all: %s", raw)
	}
}

// Issue 17: the author's reports of the month in the Mini App — Ubah
// through the same form (the report's own date, evidence and day total
// kept as /riwayat's Ubah keeps them) and Tarik, on the chat's rules.
func TestE2EMiniAppHistory(t *testing.T) {
	e, f := newMiniAppE2E(t, 0)
	u := e.tg.User(f.stafTelegram, telegramtest.WithStarted())
	me := u.InitDataAt(e.clock.Now())
	filed := fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Menyusun notula rapat koordinasi", 60, "bukti-foto-1"))
	other := fileReport(t, e.db, nonSKP(f.kepala, kinerja.Date{Day: 28}, "Rapat pimpinan", 60))

	riwayat := func() []map[string]any {
		t.Helper()
		code, _, raw := miniAppCall(t, e, "GET", "api/riwayat", me, nil)
		var out struct{ Laporan []map[string]any }
		if err := json.Unmarshal(raw, &out); code != 200 || err != nil {
			t.Fatalf("riwayat: %d %s", code, raw)
		}
		return out.Laporan
	}
	list := riwayat()
	if len(list) != 1 || list[0]["bisa_ubah"] != true || list[0]["bisa_tarik"] != true || list[0]["rhk"] != "ns" || list[0]["status_teks"] == "" {
		t.Fatalf("riwayat %v", list)
	}

	// The scores, as /nilai shows them, with the charts as PNG.
	code, _, raw := miniAppCall(t, e, "GET", "api/nilai", me, nil)
	var nilai struct {
		Teks   string
		Grafik []struct{ Judul, PNG string }
	}
	if err := json.Unmarshal(raw, &nilai); code != 200 || err != nil || !strings.Contains(nilai.Teks, "Produktivitas") || len(nilai.Grafik) == 0 ||
		!strings.HasPrefix(nilai.Grafik[0].PNG, "data:image/png;base64,iVBOR") || nilai.Grafik[0].Judul == "" {
		t.Fatalf("nilai: %d %.300s", code, raw)
	}

	// Ubah: the same form with the report named.
	change := map[string]any{"tanggal": "2026-12-28", "rhk": "ns", "uraian": "Menyusun notula rapat koordinasi bidang",
		"volume": "1 dokumen", "durasi": "90", "kunci": "formEdit0001", "ubah": filed.ID, "versi": filed.Version}
	if code, _, raw := miniAppCall(t, e, "POST", "api/laporan", me, change); code != http.StatusCreated {
		t.Fatalf("change: %d %s", code, raw)
	}
	expect(t, u, "Perubahan laporan")
	rows := reportsOf(t, e.db, f.staf.ID)
	if len(rows) != 1 || rows[0].Deskripsi != "Menyusun notula rapat koordinasi bidang" || rows[0].Menit != 90 || rows[0].Version != 2 || rows[0].Nbkt != 1 {
		t.Fatalf("after the change: %+v", rows)
	}
	// The same change again (an old version): refused, said.
	if code, out, _ := miniAppCall(t, e, "POST", "api/laporan", me, change); code != http.StatusConflict || out["pesan"] == "" {
		t.Errorf("a change of an old version: %d %v", code, out)
	}
	// Someone else's report cannot be changed or withdrawn.
	change["ubah"], change["versi"], change["kunci"] = other.ID, 1, "formEdit0002"
	if code, _, _ := miniAppCall(t, e, "POST", "api/laporan", me, change); code != http.StatusConflict {
		t.Errorf("changing someone else's report: %d", code)
	}
	if code, out, _ := miniAppCall(t, e, "POST", "api/tarik", me, map[string]any{"id": other.ID, "versi": 1}); code != http.StatusConflict ||
		!strings.Contains(fmt.Sprint(out["pesan"]), "tidak ditemukan") {
		t.Errorf("withdrawing someone else's report: %d %v", code, out)
	}
	// Tarik: an old version is refused, the current one withdraws.
	if code, _, _ := miniAppCall(t, e, "POST", "api/tarik", me, map[string]any{"id": filed.ID, "versi": 1}); code != http.StatusConflict {
		t.Errorf("withdrawing an old version: %d", code)
	}
	if code, out, _ := miniAppCall(t, e, "POST", "api/tarik", me, map[string]any{"id": filed.ID, "versi": 2}); code != http.StatusOK || out["ok"] != true {
		t.Fatalf("withdraw: %d %v", code, out)
	}
	if rows := reportsOf(t, e.db, f.staf.ID); rows[0].Status != "ditarik" {
		t.Fatalf("after Tarik: %+v", rows)
	}
	if list := riwayat(); list[0]["bisa_ubah"] == true || list[0]["bisa_tarik"] == true {
		t.Errorf("a withdrawn report still offers Ubah/Tarik: %v", list)
	}
	var other2 []aktivitasRow = reportsOf(t, e.db, f.kepala.ID)
	if other2[0].Status != "diajukan" || other2[0].Version != 1 {
		t.Fatalf("someone else's report changed: %+v", other2)
	}
}

// Issue 17: evidence through the Mini App — a photo uploaded is kept by the
// bot (store.Berkas: no Telegram write, so the report costs two writes all
// in), reached by the chat's card (uploaded once, then sent by Telegram's
// id), the board's preview and `kinerjabot bukti`; a file of another kind
// is refused, and a handle is good only for the person it was given to.
func TestE2EMiniAppEvidence(t *testing.T) {
	const bossID = 9104
	e, f := newMiniAppE2E(t, bossID)
	u := e.tg.User(f.stafTelegram, telegramtest.WithStarted())
	boss := e.tg.User(bossID, telegramtest.WithStarted())
	me, asBoss := u.InitDataAt(e.clock.Now()), boss.InitDataAt(e.clock.Now())
	pngData := bytes.NewBuffer(samplePNG(t))
	upload := func(initData, name string, data []byte) (int, map[string]any) {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("berkas", name)
		_, _ = fw.Write(data)
		_ = mw.Close()
		req, _ := http.NewRequest("POST", "http://"+e.addr+"/app/api/bukti", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "tma "+initData)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	// Kept by the bot, not sent anywhere: no Telegram write.
	before := writesTo(e.tg, f.stafTelegram, bossID)
	code, up := upload(me, "foto-rapat.png", pngData.Bytes())
	if code != http.StatusCreated || up["foto"] != true || up["bukti"] == "" {
		t.Fatalf("upload: %d %v", code, up)
	}
	if n := writesTo(e.tg, f.stafTelegram, bossID) - before; n != 0 {
		t.Errorf("%d Telegram writes for an upload, want 0", n)
	}
	if code, out := upload(me, "catatan.txt", []byte("bukan bukti yang sah")); code != http.StatusUnsupportedMediaType || !strings.Contains(fmt.Sprint(out["pesan"]), "foto JPG/PNG") {
		t.Errorf("a text file: %d %v", code, out)
	}
	// The boss's own upload is no good in the staff member's form.
	_, theirs := upload(asBoss, "lain.png", pngData.Bytes())
	form := map[string]any{"tanggal": "2026-12-28", "rhk": "ns", "uraian": "Mendokumentasikan rapat koordinasi", "volume": "1 kegiatan",
		"durasi": "60", "kunci": "formBukti001", "bukti": []any{theirs["bukti"]}}
	if code, out, _ := miniAppCall(t, e, "POST", "api/laporan", me, form); code != http.StatusUnprocessableEntity || out["field"] != "bukti" {
		t.Errorf("someone else's evidence handle: %d %v", code, out)
	}
	form["bukti"] = []any{up["bukti"]}
	code, filed, raw := miniAppCall(t, e, "POST", "api/laporan", me, form)
	if code != http.StatusCreated {
		t.Fatalf("file with evidence: %d %s", code, raw)
	}
	expect(t, u, "Laporan terkirim")
	rows := reportsOf(t, e.db, f.staf.ID)
	if len(rows) != 1 || rows[0].Nbkt != 1 {
		t.Fatalf("reports %+v", rows)
	}
	card := expect(t, boss, "Mendokumentasikan rapat koordinasi")
	kartuJobsDone(t, e.db)
	// A report with evidence filed from the Mini App: two writes all in,
	// the author's confirmation and the supervisor's card.
	if n := writesTo(e.tg, f.stafTelegram, bossID) - before; n != 2 {
		t.Errorf("%d Telegram writes for a report with evidence from the Mini App, want 2", n)
	}
	// The chat's card reaches it as it reaches evidence sent in the chat:
	// uploaded the first time, by Telegram's id after.
	lihat, ok := card.Button("Lihat bukti (1)")
	if !ok {
		t.Fatalf("card buttons %+v", card.Buttons())
	}
	for i := range 2 {
		press(t, boss, card, "Lihat bukti (1)")
		m := next(t, boss)
		if m.Photo == nil || !strings.Contains(m.Caption, "Bukti 1 dari 1") {
			t.Fatalf("the card's evidence: %+v (button %q)", m, lihat.CallbackData)
		}
		var fileID string
		eventually(t, "the file's Telegram id recorded", func() bool {
			err := e.db.Pool.QueryRow(context.Background(), `SELECT coalesce(file_id, '') FROM berkas WHERE pegawai_id = $1`, f.staf.ID).Scan(&fileID)
			return err == nil && fileID != ""
		})
		sends := e.tg.Requests("sendPhoto")
		if by := sends[len(sends)-1].Params["photo"]; (i == 0) == (by == fileID) {
			t.Errorf("Lihat bukti %d sent the photo as %q (its Telegram id %q): want an upload first, the id after", i+1, by, fileID)
		}
	}
	// The board's preview: the very file, to the assessor and the author;
	// nothing past the report's files.
	id := int64(filed["id"].(float64))
	for _, who := range []string{asBoss, me} {
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://%s/app/api/bukti?laporan=%d&i=0", e.addr, id), nil)
		req.Header.Set("Authorization", "tma "+who)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got, pngData.Bytes()) {
			t.Errorf("preview: %d %s, %d bytes (want %d)", res.StatusCode, res.Header.Get("Content-Type"), len(got), pngData.Len())
		}
	}
	if code, _, _ := miniAppCall(t, e, "GET", fmt.Sprintf("api/bukti?laporan=%d&i=1", id), asBoss, nil); code != http.StatusNotFound {
		t.Errorf("a file past the report's: %d", code)
	}
	// An audit's download (kinerjabot bukti) takes it from the store.
	dir := filepath.Join(t.TempDir(), "bukti")
	vars := map[string]string{"TELEGRAM_BOT_TOKEN": e.tg.Token(), "TELEGRAM_API_URL": e.tg.URL(), "KINERJABOT_ADMIN_NIP": f.kepala.NIP}
	if code, out, errOut := admCLIEnv(t, e.cfg.DatabaseURL, vars, "bukti", "--laporan", fmt.Sprint(id), "--out", dir); code != 0 || !strings.Contains(out, "1 berkas bukti dari 1 laporan") {
		t.Fatalf("bukti: %d\n%s\n%s", code, out, errOut)
	}
	if got, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("2026-12-28_laporan-%d_1.png", id))); err != nil || !bytes.Equal(got, pngData.Bytes()) {
		t.Errorf("the downloaded evidence: %d bytes, %v", len(got), err)
	}
}

// Early in January the form offers a day of December with December's SKP,
// as the chat lists a report's RHK by its date.
func TestE2EMiniAppAcrossTheYear(t *testing.T) {
	e := newE2E(t)
	e.clock.Set(time.Date(2027, 1, 2, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600)))
	f := seedUnit(t, e.db, 7001)
	f.link(t, e.db)
	e.cfg.MiniAppURL = e2eMiniAppURL
	e.start()
	u := e.tg.User(f.stafTelegram, telegramtest.WithStarted())
	me := u.InitDataAt(e.clock.Now())
	type options struct {
		Tahun   int
		Hari    []struct{ Tanggal string }
		Pilihan []struct{ Value string }
	}
	get := func(q string) options {
		t.Helper()
		code, _, raw := miniAppCall(t, e, "GET", "api/formulir"+q, me, nil)
		var o options
		if err := json.Unmarshal(raw, &o); code != 200 || err != nil {
			t.Fatalf("formulir%s: %d %s", q, code, raw)
		}
		return o
	}
	if o := get(""); o.Tahun != 2027 || len(o.Pilihan) != 0 || o.Hari[len(o.Hari)-1].Tanggal != "2026-12-30" {
		t.Fatalf("today's options: %+v", o)
	}
	o := get("?tanggal=2026-12-31")
	if o.Tahun != 2026 || len(o.Pilihan) != 4 {
		t.Fatalf("options for 31 December: %+v", o)
	}
	form := map[string]any{"tanggal": "2026-12-31", "rhk": fmt.Sprintf("r%d", f.rhkLaporan), "uraian": "Menyusun laporan kinerja Desember",
		"volume": "1", "durasi": "60", "kunci": "formYear0001"}
	if code, _, raw := miniAppCall(t, e, "POST", "api/laporan", me, form); code != http.StatusCreated {
		t.Fatalf("a December report in January: %d %s", code, raw)
	}
	if rows := reportsOf(t, e.db, f.staf.ID); len(rows) != 1 || rows[0].Tanggal != "2026-12-31" || rows[0].RHK != f.rhkLaporan {
		t.Fatalf("reports %+v", rows)
	}
}

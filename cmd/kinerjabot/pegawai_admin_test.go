package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

// The roster's life through the CLI: every change names an active admin,
// is audited with them, and says what it did.
func TestCLIPegawaiNonaktifAktifLepas(t *testing.T) {
	url, db := admDB(t)
	imported(t, url, "pegawai", "../../examples/pegawai.csv")
	const admin, staf, kadis = "198211052006041002", "198501302009021003", "197108141997031004"
	ctx := context.Background()
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := admCLI(t, url, append([]string{"pegawai"}, args...)...)
		if code != want {
			t.Fatalf("pegawai %v: %d, want %d\n%s%s", args, code, want, out, errOut)
		}
		return out + errOut
	}
	// Without an actor, or with someone who is no admin: refused, nothing changes.
	noActor := map[string]string{"KINERJABOT_ADMIN_NIP": ""}
	if code, out, errOut := admCLIEnv(t, url, noActor, "pegawai", "nonaktif", staf, "--alasan", "Pensiun"); code != 1 || !strings.Contains(errOut, "--oleh NIP_ADMIN") {
		t.Errorf("no actor: %d %s %s", code, out, errOut)
	}
	if out := run(1, "nonaktif", staf, "--alasan", "Pensiun", "--oleh", kadis); !strings.Contains(out, "bukan admin aktif") {
		t.Errorf("not an admin: %s", out)
	}
	if out := run(1, "nonaktif", staf, "--oleh", admin); !strings.Contains(out, "--alasan") {
		t.Errorf("no reason: %s", out)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE NOT aktif`); n != 0 {
		t.Fatalf("%d people deactivated by refused commands", n)
	}
	// A planned deactivation, then carried out when its day comes.
	tomorrow := kinerja.DateOf(time.Now(), mustZone(t)).AddDays(1)
	if out := run(0, "nonaktif", staf, "--alasan", "Pensiun", "--mulai", tomorrow.String(), "--oleh", admin); !strings.Contains(out, "akan nonaktif mulai "+tomorrow.Format()) {
		t.Errorf("planned: %s", out)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE NOT aktif`); n != 0 {
		t.Fatal("a planned deactivation took effect at once")
	}
	if n, err := db.ApplyDueDeactivations(ctx, tomorrow); err != nil || n != 1 {
		t.Fatalf("due deactivations: %d, %v", n, err)
	}
	if out := run(0, "nonaktif", staf, "--alasan", "Pensiun", "--oleh", admin); !strings.Contains(out, "sudah nonaktif") {
		t.Errorf("again: %s", out)
	}
	// Back, by KINERJABOT_ADMIN_NIP.
	code, out, errOut := admCLIEnv(t, url, nil, "pegawai", "aktif", staf)
	if code != 0 || !strings.Contains(out, "kini aktif kembali") {
		t.Fatalf("aktif: %d %s %s", code, out, errOut)
	}
	// Unlinking someone not linked says so; a linked one is unlinked.
	if out := run(0, "lepas", staf, "--oleh", admin); !strings.Contains(out, "belum terhubung") {
		t.Errorf("lepas, not linked: %s", out)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET telegram_id = 4242, chat_id = 4242 WHERE nip = $1`, staf); err != nil {
		t.Fatal(err)
	}
	if out := run(0, "lepas", staf, "--oleh", admin); !strings.Contains(out, "telah dilepas") {
		t.Errorf("lepas: %s", out)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE telegram_id IS NOT NULL`); n != 0 {
		t.Errorf("%d people still linked", n)
	}
	// Audited: three changes by the admin, the carried-out plan by the system.
	byAdmin := admCount(t, db, `SELECT count(*) FROM audit_log a JOIN pegawai p ON p.id = a.actor_id
		WHERE p.nip = '`+admin+`' AND a.action IN ('nonaktifkan', 'aktifkan', 'lepas')`)
	bySystem := admCount(t, db, `SELECT count(*) FROM audit_log WHERE actor_id IS NULL AND action = 'nonaktifkan'`)
	if byAdmin != 3 || bySystem != 1 {
		t.Errorf("audit: %d by the admin (want 3: plan, aktif, lepas), %d by the system (want 1)", byAdmin, bySystem)
	}
}

// An inactive person files nothing; what they filed before stays
// decidable by their atasan.
func TestSubmitByAnInactivePersonIsRefused(t *testing.T) {
	_, db := admDB(t)
	ctx := context.Background()
	f := seedUnit(t, db, 7301)
	waiting := fileReport(t, db, nonSKP(f.staf, kinerja.Date{Day: 1}, "Rapat", 60))
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, f.staf.ID); err != nil {
		t.Fatal(err)
	}
	_, err := db.SubmitAktivitas(ctx, nonSKP(f.staf, kinerja.Date{Day: 2}, "Rapat", 60), f.staf.ID)
	if kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("an inactive person's report: %v", err)
	}
	a, err := db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: waiting.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: f.kepala.ID, Today: kinerja.Date{Year: 2026, Month: time.December, Day: 2}})
	if err != nil || a.Status != kinerja.StatusDisetujui {
		t.Fatalf("deciding an inactive person's waiting report: %v, %v", a.Status, err)
	}
}

// admCLIEnv is admCLI with more environment.
func admCLIEnv(t *testing.T, url string, extra map[string]string, args ...string) (int, string, string) {
	t.Helper()
	vars := map[string]string{"DATABASE_URL": url, "KINERJABOT_ADMIN_NIP": "198211052006041002"}
	for k, v := range extra {
		vars[k] = v
	}
	var out, errOut strings.Builder
	code := cli(args, env(vars), &out, &errOut)
	return code, out.String(), errOut.String()
}

// Someone deactivated in the middle of a report is told why at their next
// answer, and the report is left, not filed.
func TestE2EDeactivatedMidFlowIsToldWhy(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.start()
	u := e.tg.User(f.stafTelegram)
	u.SendCommand("/lapor")
	list := expect(t, u, "RHK yang mana")
	press(t, u, list, list.Buttons()[0].Text)
	eventually(t, "the uraian question", func() bool { return len(lastVersion(u, list.ID).Buttons()) == 0 })
	if _, err := e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET aktif = false WHERE id = $1`, f.staf.ID); err != nil {
		t.Fatal(err)
	}
	peopleNotified()
	u.SendText("Menyusun notula rapat koordinasi")
	expect(t, u, "tercatat tidak aktif")
	u.SendText("1 dokumen")
	expect(t, u, "tercatat tidak aktif")
	if n := admCount(t, e.db, `SELECT count(*) FROM aktivitas`); n != 0 {
		t.Fatalf("%d reports filed by an inactive person", n)
	}
}

// The evidence of a person's month, downloaded for an audit through the
// Bot API (the fake keeps the files the staff member sent).
func TestCLIBuktiDownloadsTheEvidence(t *testing.T) {
	w := startDecisionWorld(t)
	report{desc: "Rapat koordinasi", evidence: []file{photo(""), pdf("notula.pdf", "%PDF-1.4 notula")}}.submit(t, w.staff)
	dir := filepath.Join(t.TempDir(), "bukti")
	month := kinerja.DateOf(w.e.clock.Now(), w.e.cfg.Location).String()[:7]
	vars := map[string]string{"TELEGRAM_BOT_TOKEN": w.e.tg.Token(), "TELEGRAM_API_URL": w.e.tg.URL()}
	code, out, errOut := admCLIEnv(t, w.e.cfg.DatabaseURL, vars, "bukti", "--nip", w.f.staf.NIP, "--periode", month, "--out", dir)
	if code != 0 || !strings.Contains(out, "2 berkas bukti dari 1 laporan") {
		t.Fatalf("bukti: %d\n%s\n%s", code, out, errOut)
	}
	names, _ := os.ReadDir(dir)
	var got []string
	for _, n := range names {
		got = append(got, n.Name())
	}
	if len(got) != 2 || !strings.HasSuffix(got[0], "_1.jpg") && !strings.HasSuffix(got[0], "_1.png") || !strings.HasSuffix(got[1], "_2.pdf") {
		t.Fatalf("files %v", got)
	}
	if pdfData, _ := os.ReadFile(filepath.Join(dir, got[1])); string(pdfData) != "%PDF-1.4 notula" {
		t.Errorf("the PDF's content: %q", pdfData)
	}
	if n := admCount(t, w.e.db, `SELECT count(*) FROM audit_log WHERE action = 'unduh_bukti'`); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	// Without the token, nothing is tried.
	if code, _, errOut := admCLIEnv(t, w.e.cfg.DatabaseURL, map[string]string{"TELEGRAM_BOT_TOKEN": ""}, "bukti", "--laporan", "1", "--out", dir); code != 1 || !strings.Contains(errOut, "TELEGRAM_BOT_TOKEN") {
		t.Errorf("without a token: %d %q", code, errOut)
	}
}

// Every CLI change (and every export of personal data) names its admin
// once the roster has one: an import, an invitation, an unlock, a
// delegation, a deactivation and a recap without one are refused, and the
// audit names the admin who made them.
func TestCLIChangesNameTheirAdmin(t *testing.T) {
	url, db := admDB(t)
	// A fresh installation has no admin: the first import is the system's.
	noActor := map[string]string{"KINERJABOT_ADMIN_NIP": ""}
	if code, out, errOut := admCLIEnv(t, url, noActor, "import", "pegawai", "../../examples/pegawai.csv"); code != 0 {
		t.Fatalf("the first import: %d %s %s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"import", "pegawai", "../../examples/pegawai.csv"},
		{"import", "skp", "../../examples/skp.csv"},
		{"invite", "199006172015032001", "--bot", "kinerjabot_smg_bot"},
		{"unlock", "--nip", "199006172015032001", "--periode", "2026-01"},
		{"delegate", "--dari", "197108141997031004", "--ke", "197602212001122003", "--mulai", "2030-01-02", "--selesai", "2030-01-03"},
		{"pegawai", "nonaktif", "199006172015032001", "--alasan", "Pensiun"},
		{"rekap", "--periode", "2026-01", "--semua", "--out", filepath.Join(t.TempDir(), "r.xlsx")},
	} {
		code, out, errOut := admCLIEnv(t, url, noActor, args...)
		if code != 1 || !strings.Contains(errOut, "--oleh NIP_ADMIN") {
			t.Errorf("%v without an admin: %d %q %q", args, code, out, errOut)
		}
	}
	if n := admCount(t, db, `SELECT count(*) FROM skp`); n != 0 {
		t.Fatalf("an import without an admin wrote %d SKP", n)
	}
	// Named: done and audited with them.
	imported(t, url, "skp", "../../examples/skp.csv") // admCLI names the examples' admin_opd
	if n := admCount(t, db, `SELECT count(*) FROM audit_log a JOIN pegawai p ON p.id = a.actor_id
		WHERE a.action = 'import_skp' AND p.nip = '198211052006041002'`); n != 1 {
		t.Errorf("%d audit rows of the SKP import by the admin", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'import_pegawai' AND actor_id IS NULL`); n != 1 {
		t.Errorf("%d audit rows of the first import by the system, want 1", n)
	}
}

// peopleNotified waits for the bot's people cache to hear of a change the
// test made to a person straight in the database (the bot drops its entry
// when Postgres's pegawai_berubah notification arrives, a moment after the
// commit; a change through the bot's own store drops it at once).
func peopleNotified() { time.Sleep(250 * time.Millisecond) }

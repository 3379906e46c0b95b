package main

// The admin commands that act on people (delegate, audit, unlock) and what
// all the admin commands share: a database of their own, running cli, and
// rendering the messages they print.

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// admDB is a fresh database for one (parallel) test: its URL (for cli) and a store
// on it (for assertions and the run* functions).
func admDB(t *testing.T) (string, *store.DB) {
	t.Helper()
	t.Parallel()
	url := storetest.NewURL(t)
	db, err := store.OpenPostgres(context.Background(), url, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return url, db
}

func admOpened(db *store.DB) adminOpenDB {
	return func(context.Context) (*store.DB, error) { return db, nil }
}

func admIDs(rep adminReport, stderr bool) []string {
	ms := rep.Out
	if stderr {
		ms = rep.Err
	}
	var out []string
	for _, m := range ms {
		if m.Line == 0 {
			out = append(out, m.MessageID)
			continue
		}
		out = append(out, strconv.Itoa(m.Line)+":"+m.Column+":"+m.MessageID)
	}
	return out
}

func admCount(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// admCLI runs one admin command through cli and returns its exit code and
// what it printed.
func admCLI(t *testing.T, url string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	// The admin of examples/pegawai.csv (admin_opd) makes the changes.
	code := cli(args, env(map[string]string{"DATABASE_URL": url, "KINERJABOT_ADMIN_NIP": "198211052006041002"}), &out, &errOut)
	return code, out.String(), errOut.String()
}

// admRender renders a message the way the admin commands do (the ID and its
// arguments while a message is not in the catalog yet).
func admRender(t *testing.T, lang, id string, args map[string]any) string {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	jkt, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return adminRenderer{r: bot.NewRenderer(cat, jkt), lang: lang}.render(id, args)
}

// admToday is the business date now in the default KINERJABOT_TZ.
func admToday(t *testing.T) (kinerja.Date, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return kinerja.DateOf(time.Now(), loc), loc
}

// admTeam is what most admin command tests start from: a fresh database,
// a head of section (kabid), a member of their staff (staf), another head
// (plh) to stand in for kabid, and today in Asia/Jakarta.
type admTeam struct {
	url              string
	db               *store.DB
	kabid, staf, plh kinerja.Pegawai
	today            kinerja.Date
	jkt              *time.Location
}

func newAdmTeam(t *testing.T) admTeam {
	t.Helper()
	tm := admTeam{}
	tm.url, tm.db = admDB(t)
	tm.today, tm.jkt = admToday(t)
	tm.kabid = storetest.SeedPegawai(t, tm.db, kinerja.Pegawai{Nama: "Budi Santoso"})
	tm.staf = storetest.SeedPegawai(t, tm.db, kinerja.Pegawai{Nama: "Siti Rahayu", AtasanID: tm.kabid.ID, Telepon: "+6281234567890"})
	tm.plh = storetest.SeedPegawai(t, tm.db, kinerja.Pegawai{Nama: "Dewi Lestari"})
	return tm
}

func TestRendererFallsBackToIDs(t *testing.T) {
	t.Parallel()
	r := adminRenderer{lang: "id"}
	if got := r.text(adminMsg("import.no_such", map[string]any{"B": 2, "A": 1})); got != "import.no_such map[A:1 B:2]" {
		t.Fatalf("fallback %q", got)
	}
	rep := adminReport{}
	rep.fail("f.csv", fmt.Errorf("store: boom"))
	if rep.Code != 1 || rep.Err[0].MessageID != "import.internal" || rep.Err[0].Args["Err"] != "store: boom" {
		t.Fatalf("internal %+v", rep)
	}
}

func TestCLIDelegate(t *testing.T) {
	tm := newAdmTeam(t)
	ctx := context.Background()
	plt := storetest.SeedPegawai(t, tm.db, kinerja.Pegawai{Nama: "Rina Kurniasih", AtasanID: tm.kabid.ID})
	mulai, selesai := tm.today.AddDays(1), tm.today.AddDays(5)

	// Usage errors: exit 2, nothing written.
	for _, args := range [][]string{
		{"delegate"},
		{"delegate", "--dari", tm.kabid.NIP, "--ke", tm.plh.NIP, "--mulai", mulai.String()},
		{"delegate", "--cabut", "1", "--dari", tm.kabid.NIP},
		{"delegate", "--daftar", "--cabut", "1"},
		{"delegate", "--nip", tm.kabid.NIP},
		{"delegate", "--cabut", "0"},
		{"delegate", "--daftar", "extra"},
		{"delegate", "--daftar", "--bahasa", "jv"},
	} {
		if code, out, errOut := admCLI(t, tm.url, args...); code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: %d %q %q", args, code, out, errOut)
		}
	}
	if code, _, _ := admCLI(t, tm.url, "delegate", "--help"); code != 0 {
		t.Errorf("--help: %d", code)
	}

	// Create: the confirmation on stdout.
	code, out, errOut := admCLI(t, tm.url, "delegate", "--dari", tm.kabid.NIP, "--ke", tm.plh.NIP,
		"--mulai", mulai.String(), "--selesai", selesai.String())
	if code != 0 || errOut != "" {
		t.Fatalf("create: %d %q %q", code, out, errOut)
	}
	list, err := tm.db.Delegations(ctx, "", tm.today)
	if err != nil || len(list) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	d := list[0]
	if d.Jenis != kinerja.JenisPlh || d.Dari.ID != tm.kabid.ID || d.Ke.ID != tm.plh.ID || d.Mulai != mulai || d.Selesai != selesai {
		t.Fatalf("stored %+v", d)
	}
	if want := admRender(t, "id", "delegasi.created", delegationArgs(d)) + "\n"; out != want {
		t.Fatalf("create printed %q, want %q", out, want)
	}
	if n := admCount(t, tm.db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dibuat' AND actor_id IS NULL`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}

	// A Plt from among kabid's own staff, in English: a note says their own
	// reports stay with kabid.
	code, out, _ = admCLI(t, tm.url, "delegate", "--bahasa", "en", "--jenis", "plt", "--dari", tm.kabid.NIP, "--ke", plt.NIP,
		"--mulai", tm.today.String(), "--selesai", tm.today.AddDays(30).String())
	if code != 0 {
		t.Fatalf("plt: %d %q", code, out)
	}
	second, err := tm.db.Delegations(ctx, plt.NIP, tm.today)
	if err != nil || len(second) != 1 || second[0].Jenis != kinerja.JenisPlt {
		t.Fatalf("%+v %v", second, err)
	}
	want := admRender(t, "en", "delegasi.created", delegationArgs(second[0])) + "\n" +
		admRender(t, "en", "delegasi.note_own_reports", delegationArgs(second[0])) + "\n"
	if out != want {
		t.Fatalf("plt printed %q, want %q", out, want)
	}

	// Refusals: exit 1, the reason on stderr, nothing on stdout.
	for _, tc := range []struct {
		args  []string
		id    string
		args2 map[string]any
	}{
		{[]string{"--dari", tm.kabid.NIP, "--ke", tm.plh.NIP, "--mulai", selesai.String(), "--selesai", selesai.AddDays(3).String()},
			"delegasi.overlap", map[string]any{"ID": d.ID, "Mulai": mulai.Format(), "Selesai": selesai.Format(), "Dari": tm.kabid.Nama, "Ke": tm.plh.Nama}},
		{[]string{"--dari", tm.kabid.NIP, "--ke", tm.plh.NIP, "--mulai", "2026-02-30", "--selesai", selesai.String()},
			"delegasi.date_invalid", map[string]any{"Flag": "--mulai", "Value": "2026-02-30"}},
		{[]string{"--dari", tm.kabid.NIP, "--ke", tm.kabid.NIP, "--mulai", mulai.String(), "--selesai", selesai.String()},
			"delegasi.same_person", map[string]any{"NIP": tm.kabid.NIP}},
		{[]string{"--dari", tm.kabid.NIP, "--ke", tm.plh.NIP, "--jenis", "pj", "--mulai", mulai.String(), "--selesai", selesai.String()},
			"delegasi.jenis_invalid", map[string]any{"Value": "pj"}},
		{[]string{"--dari", "199912312024121999", "--ke", tm.plh.NIP, "--mulai", mulai.String(), "--selesai", selesai.String()},
			"delegasi.nip_unknown", map[string]any{"NIP": "199912312024121999"}},
	} {
		code, out, errOut := admCLI(t, tm.url, append([]string{"delegate"}, tc.args...)...)
		if want := admRender(t, "id", tc.id, tc.args2) + "\n"; code != 1 || out != "" || errOut != want {
			t.Errorf("%s: %d %q %q, want %q", tc.id, code, out, errOut, want)
		}
	}

	// List: the running Plt, then the Plh that starts tomorrow.
	code, out, _ = admCLI(t, tm.url, "delegate", "--daftar")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 3 ||
		lines[0] != admRender(t, "id", "delegasi.list_header", map[string]any{"Count": 2, "Today": tm.today.Format()}) ||
		lines[1] != admRender(t, "id", "delegasi.list_active", delegationArgs(second[0])) ||
		lines[2] != admRender(t, "id", "delegasi.list_future", delegationArgs(d)) {
		t.Fatalf("list: %d %q", code, lines)
	}
	code, out, _ = admCLI(t, tm.url, "delegate", "--daftar", "--nip", tm.plh.NIP)
	if lines := strings.Split(strings.TrimRight(out, "\n"), "\n"); code != 0 || len(lines) != 2 || !strings.Contains(lines[1], tm.plh.NIP) {
		t.Fatalf("list --nip: %d %q", code, out)
	}

	// Revoke: confirmed, audited, gone from the list; a second time refused.
	code, out, errOut = admCLI(t, tm.url, "delegate", "--cabut", strconv.FormatInt(d.ID, 10))
	if code != 0 || errOut != "" {
		t.Fatalf("revoke: %d %q %q", code, out, errOut)
	}
	revoked, err := tm.db.DelegationByID(ctx, d.ID)
	if err != nil || revoked.RevokedAt.IsZero() {
		t.Fatalf("%+v %v", revoked, err)
	}
	args := delegationArgs(revoked)
	args["At"] = revoked.RevokedAt
	if want := admRender(t, "id", "delegasi.revoked", args) + "\n"; out != want {
		t.Fatalf("revoke printed %q, want %q", out, want)
	}
	if n := admCount(t, tm.db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dicabut' AND actor_id IS NULL`); n != 1 {
		t.Fatalf("%d revocation entries", n)
	}
	code, _, errOut = admCLI(t, tm.url, "delegate", "--cabut", strconv.FormatInt(d.ID, 10))
	if want := admRender(t, "id", "delegasi.already_revoked", map[string]any{"ID": d.ID, "At": args["At"]}) + "\n"; code != 1 || errOut != want {
		t.Fatalf("revoke twice: %d %q, want %q", code, errOut, want)
	}
	code, _, errOut = admCLI(t, tm.url, "delegate", "--cabut", "999999")
	if code != 1 || errOut != admRender(t, "id", "delegasi.not_found", map[string]any{"ID": int64(999999)})+"\n" {
		t.Fatalf("revoke unknown: %d %q", code, errOut)
	}
	if n := admCount(t, tm.db, `SELECT count(*) FROM delegasi`); n != 2 {
		t.Fatalf("%d delegations stored, want 2", n)
	}
	code, out, _ = admCLI(t, tm.url, "delegate", "--daftar", "--nip", tm.plh.NIP)
	if code != 0 || out != admRender(t, "id", "delegasi.list_empty", nil)+"\n" {
		t.Fatalf("empty list: %d %q", code, out)
	}
}

func TestRunDelegateReports(t *testing.T) {
	_, db := admDB(t)
	today, _ := admToday(t)
	kabid := storetest.SeedPegawai(t, db, kinerja.Pegawai{})
	plh := storetest.SeedPegawai(t, db, kinerja.Pegawai{})
	req := func(edit func(r *adminDelegateRequest)) adminDelegateRequest {
		r := adminDelegateRequest{Dari: kabid.NIP, Ke: plh.NIP, Mulai: today.String(), Selesai: today.AddDays(2).String(), Today: today}
		edit(&r)
		return r
	}
	for _, tc := range []struct {
		name string
		edit func(r *adminDelegateRequest)
		want []string
	}{
		{"both dates bad", func(r *adminDelegateRequest) { r.Mulai, r.Selesai = "02-03-2026", "kemarin" },
			[]string{"delegasi.date_invalid", "delegasi.date_invalid"}},
		{"nip", func(r *adminDelegateRequest) { r.Ke = "12345" }, []string{"delegasi.nip_invalid"}},
		{"reversed", func(r *adminDelegateRequest) { r.Mulai = today.AddDays(3).String() }, []string{"delegasi.period_reversed"}},
		{"too long", func(r *adminDelegateRequest) { r.Selesai = today.AddDays(400).String() }, []string{"delegasi.period_too_long"}},
		{"ended", func(r *adminDelegateRequest) {
			r.Mulai, r.Selesai = today.AddDays(-3).String(), today.AddDays(-1).String()
		},
			[]string{"delegasi.period_ended"}},
		{"no staff", func(r *adminDelegateRequest) {}, []string{"delegasi.dari_no_team"}},
	} {
		rep := runDelegate(context.Background(), admOpened(db), req(tc.edit))
		if got := admIDs(rep, true); rep.Code != 1 || len(rep.Out) != 0 || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %d %v, want %v", tc.name, rep.Code, got, tc.want)
		}
	}
	rep := runDelegate(context.Background(), func(context.Context) (*store.DB, error) {
		return nil, context.DeadlineExceeded
	}, req(func(*adminDelegateRequest) {}))
	if !slices.Equal(admIDs(rep, true), []string{"delegasi.internal"}) {
		t.Fatalf("no database: %+v", rep)
	}
}

func TestCLIAudit(t *testing.T) {
	tm := newAdmTeam(t)
	ctx := context.Background()
	outsider := storetest.SeedPegawai(t, tm.db, kinerja.Pegawai{Nama: "Hendra Gunawan"})

	if code, out, errOut := admCLI(t, tm.url, "delegate", "--dari", tm.kabid.NIP, "--ke", tm.plh.NIP,
		"--mulai", tm.today.String(), "--selesai", tm.today.AddDays(2).String()); code != 0 {
		t.Fatalf("delegate: %d %q %q", code, out, errOut)
	}
	rep, err := tm.db.SubmitAktivitas(ctx, kinerja.Aktivitas{
		PegawaiID: tm.staf.ID, Tanggal: tm.today, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Rapat koordinasi layanan aduan", Volume: 1, Satuan: "kegiatan", Menit: 60,
	}, tm.staf.ID)
	if err != nil {
		t.Fatal(err)
	}
	decide := func(actor int64, action kinerja.Action, reason string) error {
		_, err := tm.db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: rep.ID, Version: rep.Version, Action: action,
			Actor: kinerja.ActorAssessor, ActorID: actor, Reason: reason, Today: tm.today})
		return err
	}
	if err := decide(outsider.ID, kinerja.ActionSetujui, ""); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("forged approval: %v", err)
	}
	if err := decide(tm.plh.ID, kinerja.ActionTolak, "Bukan kegiatan unit ini"); err != nil {
		t.Fatal(err)
	}
	// When each entry happened, as the admin reads it (Asia/Jakarta).
	var at []string
	for _, action := range []string{"ajukan", "ditolak_setujui", "tolak"} {
		var ts time.Time
		if err := tm.db.Pool.QueryRow(ctx, `SELECT at FROM audit_log WHERE entity = 'aktivitas' AND entity_id = $1 AND action = $2`,
			rep.ID, action).Scan(&ts); err != nil {
			t.Fatal(err)
		}
		at = append(at, locales.Instant(ts, tm.jkt))
	}
	r := func(id string, args map[string]any) string { return admRender(t, "id", id, args) }
	who := func(p kinerja.Pegawai) string { return r("audit.who", map[string]any{"Nama": p.Nama, "NIP": p.NIP}) }
	report := r("audit.report", map[string]any{"ID": rep.ID, "Date": tm.today.Format(), "Author": tm.staf.Nama, "AuthorNIP": tm.staf.NIP})

	code, out, errOut := admCLI(t, tm.url, "audit", "--nip", tm.staf.NIP)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || errOut != "" || len(lines) != 4 {
		t.Fatalf("audit --nip: %d %q %q", code, out, errOut)
	}
	if lines[0] != r("audit.header_nip", map[string]any{"Nama": tm.staf.Nama, "NIP": tm.staf.NIP, "Count": 3}) {
		t.Errorf("header %q", lines[0])
	}
	for i, want := range [][]string{
		{at[0], who(tm.staf), r("audit.act_ajukan", nil), report, r("audit.status_to", map[string]any{"To": r("status.diajukan", nil)})},
		{at[1], who(outsider), r("audit.refused", map[string]any{"Action": r("audit.act_setujui", nil)}), report},
		{at[2], r("audit.who_on_behalf", map[string]any{"Nama": tm.plh.Nama, "NIP": tm.plh.NIP, "OnBehalfNama": tm.kabid.Nama, "OnBehalfNIP": tm.kabid.NIP}),
			r("audit.act_tolak", nil), report,
			r("audit.status_change", map[string]any{"From": r("status.diajukan", nil), "To": r("status.ditolak", nil)}),
			r("audit.reason", map[string]any{"Reason": "Bukan kegiatan unit ini"})},
	} {
		for _, part := range want {
			if !strings.Contains(lines[i+1], part) {
				t.Errorf("line %d %q lacks %q", i+1, lines[i+1], part)
			}
		}
	}
	if strings.Contains(out, "81234567890") {
		t.Fatal("a phone number was printed")
	}

	// The delegate's trail has the delegation and the decision; in English.
	code, out, _ = admCLI(t, tm.url, "audit", "--nip", tm.plh.NIP, "--bahasa", "en")
	lines = strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 3 ||
		lines[0] != admRender(t, "en", "audit.header_nip", map[string]any{"Nama": tm.plh.Nama, "NIP": tm.plh.NIP, "Count": 2}) ||
		!strings.Contains(lines[1], admRender(t, "en", "audit.system", nil)) ||
		!strings.Contains(lines[1], admRender(t, "en", "audit.act_delegasi_dibuat", nil)) ||
		!strings.Contains(lines[2], admRender(t, "en", "audit.act_tolak", nil)) {
		t.Fatalf("audit --nip plh --bahasa en: %d %q", code, lines)
	}

	// One report; one report and one person; the newest only; since tomorrow.
	id := strconv.FormatInt(rep.ID, 10)
	for _, tc := range []struct {
		args  []string
		lines int
		first string
		last  string
	}{
		{[]string{"--laporan", id}, 4, r("audit.header_report", map[string]any{"ID": rep.ID, "Count": 3}), ""},
		{[]string{"--laporan", id, "--nip", outsider.NIP}, 2,
			r("audit.header_both", map[string]any{"Nama": outsider.Nama, "NIP": outsider.NIP, "ID": rep.ID, "Count": 1}), ""},
		{[]string{"--nip", tm.staf.NIP, "--batas", "1"}, 3, "", r("audit.truncated", map[string]any{"Limit": 1})},
		{[]string{"--nip", tm.staf.NIP, "--sejak", tm.today.AddDays(1).String()}, 1, r("audit.empty", nil), ""},
		{[]string{"--nip", tm.staf.NIP, "--sejak", tm.today.String()}, 4, "", ""},
	} {
		code, out, errOut := admCLI(t, tm.url, append([]string{"audit"}, tc.args...)...)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if code != 0 || errOut != "" || len(lines) != tc.lines ||
			(tc.first != "" && lines[0] != tc.first) || (tc.last != "" && lines[len(lines)-1] != tc.last) {
			t.Errorf("audit %q: %d %q %q", tc.args, code, lines, errOut)
		}
	}

	// Refusals: usage (exit 2) and values (exit 1).
	for _, args := range [][]string{{"audit"}, {"audit", "--batas", "0", "--nip", tm.staf.NIP}, {"audit", "--laporan", "-1"}} {
		if code, out, errOut := admCLI(t, tm.url, args...); code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: %d %q %q", args, code, out, errOut)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--nip", "199912312024121999"}, r("audit.nip_unknown", map[string]any{"NIP": "199912312024121999"})},
		{[]string{"--nip", "1234"}, r("audit.nip_invalid", map[string]any{"NIP": "1234"})},
		{[]string{"--nip", tm.staf.NIP, "--sejak", "kemarin"}, r("audit.sejak_invalid", map[string]any{"Value": "kemarin"})},
	} {
		code, out, errOut := admCLI(t, tm.url, append([]string{"audit"}, tc.args...)...)
		if code != 1 || out != "" || errOut != tc.want+"\n" {
			t.Errorf("audit %q: %d %q %q, want %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

func TestAuditActionWords(t *testing.T) {
	t.Parallel()
	// describe writes a message with its Action argument, as nested.
	var describe func(m msg.Text) string
	describe = func(m msg.Text) string {
		switch a := m.Args["Action"].(type) {
		case msg.Text:
			return m.ID + "(" + describe(a) + ")"
		}
		if text, ok := m.Args["Text"].(string); ok && m.ID == "score.plain" {
			return text
		}
		return m.ID
	}
	for action, want := range map[string]string{
		"setujui":            "audit.act_setujui",
		"ditolak_kembalikan": "audit.refused(audit.act_kembalikan)",
		"ditolak_lompat":     "audit.refused(lompat)",
		"ditolak_":           "ditolak_",
		"hapus_rhk":          "hapus_rhk", // unknown actions as they are
	} {
		if got := describe(auditAction(action)); got != want {
			t.Errorf("%s: %q, want %q", action, got, want)
		}
	}
}

func TestCLIUnlock(t *testing.T) {
	tm := newAdmTeam(t)
	ctx := context.Background()
	january := kinerja.Date{Year: 2026, Month: time.January, Day: 1}
	rate := func() store.Penilaian {
		t.Helper()
		n, err := tm.db.RatePeriod(ctx, store.RatingRequest{
			PegawaiID: tm.staf.ID, Periode: january, Hasil: kinerja.RatingDiAtas, Perilaku: kinerja.RatingDiAtas,
			ActorID: tm.kabid.ID, Today: kinerja.Date{Year: 2026, Month: time.February, Day: 2},
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rated := rate()
	report := kinerja.Aktivitas{
		PegawaiID: tm.staf.ID, Tanggal: kinerja.Date{Year: 2026, Month: time.January, Day: 30}, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Rapat koordinasi layanan aduan", Volume: 1, Satuan: "kegiatan", Menit: 60,
	}
	if _, err := tm.db.SubmitAktivitas(ctx, report, tm.staf.ID); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("a report in the rated month: %v", err)
	}

	// Usage errors: exit 2, nothing written.
	for _, args := range [][]string{
		{"unlock"},
		{"unlock", "--nip", tm.staf.NIP},
		{"unlock", "--periode", "2026-01"},
		{"unlock", "--nip", tm.staf.NIP, "--periode", "2026-01", "extra"},
		{"unlock", "--nip", tm.staf.NIP, "--periode", "2026-01", "--bahasa", "jv"},
	} {
		if code, out, errOut := admCLI(t, tm.url, args...); code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: %d %q %q", args, code, out, errOut)
		}
	}
	if code, _, _ := admCLI(t, tm.url, "unlock", "--help"); code != 0 {
		t.Errorf("--help: %d", code)
	}

	// Refusals: exit 1, the reason on stderr, nothing on stdout.
	januari := admRender(t, "id", "month.1", map[string]any{"Year": 2026})
	for _, tc := range []struct {
		nip, periode string
		id           string
		args         map[string]any
	}{
		{tm.staf.NIP, "01-2026", "unlock.periode_invalid", map[string]any{"Value": "01-2026"}},
		{tm.staf.NIP, "2026-13", "unlock.periode_invalid", map[string]any{"Value": "2026-13"}},
		{"12345", "2026-01", "unlock.nip_invalid", map[string]any{"NIP": "12345"}},
		{"199912312024121999", "2026-01", "unlock.nip_unknown", map[string]any{"NIP": "199912312024121999"}},
		{tm.kabid.NIP, "2026-01", "unlock.not_locked", map[string]any{
			"Nama": tm.kabid.Nama, "NIP": tm.kabid.NIP, "Periode": januari, "Month": 1, "Year": 2026}},
		{tm.staf.NIP, "2026-02", "unlock.not_locked", map[string]any{
			"Nama": tm.staf.Nama, "NIP": tm.staf.NIP, "Periode": admRender(t, "id", "month.2", map[string]any{"Year": 2026}), "Month": 2, "Year": 2026}},
	} {
		code, out, errOut := admCLI(t, tm.url, "unlock", "--nip", tc.nip, "--periode", tc.periode)
		if want := admRender(t, "id", tc.id, tc.args) + "\n"; code != 1 || out != "" || errOut != want {
			t.Errorf("%s %s: %d %q %q, want %q", tc.nip, tc.periode, code, out, errOut, want)
		}
	}
	if locked, _ := tm.db.PeriodLocked(ctx, tm.staf.ID, january); !locked {
		t.Fatal("a refused unlock unlocked")
	}

	// Unlocked: confirmed, audited as the system, the month open again.
	code, out, errOut := admCLI(t, tm.url, "unlock", "--nip", tm.staf.NIP, "--periode", "2026-01")
	if code != 0 || errOut != "" {
		t.Fatalf("unlock: %d %q %q", code, out, errOut)
	}
	args := unlockArgs(rated, msg.Month(january))
	if want := admRender(t, "id", "unlock.done", args) + "\n"; out != want {
		t.Fatalf("unlock printed %q, want %q", out, want)
	}
	if n := admCount(t, tm.db, `SELECT count(*) FROM audit_log WHERE action = 'penilaian_dibuka' AND actor_id IS NULL`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
	if n := admCount(t, tm.db, `SELECT count(*) FROM penilaian WHERE unlocked_at IS NOT NULL AND unlocked_by IS NULL`); n != 1 {
		t.Fatalf("%d unlocked ratings", n)
	}
	if _, err := tm.db.SubmitAktivitas(ctx, report, tm.staf.ID); err != nil {
		t.Fatalf("a report in the unlocked month: %v", err)
	}
	code, _, errOut = admCLI(t, tm.url, "unlock", "--nip", tm.staf.NIP, "--periode", "2026-01")
	if want := admRender(t, "id", "unlock.not_locked", map[string]any{
		"Nama": tm.staf.Nama, "NIP": tm.staf.NIP, "Periode": januari, "Month": 1, "Year": 2026}) + "\n"; code != 1 || errOut != want {
		t.Fatalf("unlock twice: %d %q, want %q", code, errOut, want)
	}

	// In English, rated again by the assessor after the report was decided.
	if _, err := tm.db.Pool.Exec(ctx, `UPDATE aktivitas SET status = 'ditarik' WHERE pegawai_id = $1`, tm.staf.ID); err != nil {
		t.Fatal(err)
	}
	again := rate()
	code, out, _ = admCLI(t, tm.url, "unlock", "--bahasa", "en", "--nip", tm.staf.NIP, "--periode", "2026-01")
	args = unlockArgs(again, msg.Month(january))
	if want := admRender(t, "en", "unlock.done", args) + "\n"; code != 0 || out != want {
		t.Fatalf("unlock in English: %d %q, want %q", code, out, want)
	}
}

func TestRunUnlockReports(t *testing.T) {
	t.Parallel()
	rep := runUnlock(context.Background(), func(context.Context) (*store.DB, error) {
		return nil, context.DeadlineExceeded
	}, adminUnlockRequest{NIP: "199912312024121999", Periode: "2026-01"})
	if !slices.Equal(admIDs(rep, true), []string{"unlock.internal"}) || rep.Code != 1 {
		t.Fatalf("no database: %+v", rep)
	}
	for _, s := range []string{"2026-1", "2026-01-05", "januari", "", "2026-00"} {
		if _, ok := parsePeriode(s); ok {
			t.Errorf("parsePeriode(%q) accepted", s)
		}
	}
	if d, ok := parsePeriode(" 2026-12 "); !ok || d != (kinerja.Date{Year: 2026, Month: time.December, Day: 1}) {
		t.Errorf("parsePeriode = %v %v", d, ok)
	}
}

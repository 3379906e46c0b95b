package main

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// admCLI runs one admin command through cli and returns its exit code and
// what it printed.
func admCLI(t *testing.T, url string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli(args, env(map[string]string{"DATABASE_URL": url}), &out, &errOut)
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
	return adminRenderer{cat: cat, lang: lang}.render(id, args)
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

func TestCLIDelegate(t *testing.T) {
	t.Parallel()
	url, db := admDB(t)
	ctx := context.Background()
	today, jkt := admToday(t)
	kabid := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Budi Santoso"})
	storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Siti Rahayu", AtasanID: kabid.ID})
	plh := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Dewi Lestari"})
	plt := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Rina Kurniasih", AtasanID: kabid.ID})
	mulai, selesai := today.AddDays(1), today.AddDays(5)

	// Usage errors: exit 2, nothing written.
	for _, args := range [][]string{
		{"delegate"},
		{"delegate", "--dari", kabid.NIP, "--ke", plh.NIP, "--mulai", mulai.String()},
		{"delegate", "--cabut", "1", "--dari", kabid.NIP},
		{"delegate", "--daftar", "--cabut", "1"},
		{"delegate", "--nip", kabid.NIP},
		{"delegate", "--cabut", "0"},
		{"delegate", "--daftar", "extra"},
		{"delegate", "--daftar", "--bahasa", "jv"},
	} {
		if code, out, errOut := admCLI(t, url, args...); code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: %d %q %q", args, code, out, errOut)
		}
	}
	if code, _, _ := admCLI(t, url, "delegate", "--help"); code != 0 {
		t.Errorf("--help: %d", code)
	}

	// Create: the confirmation on stdout.
	code, out, errOut := admCLI(t, url, "delegate", "--dari", kabid.NIP, "--ke", plh.NIP,
		"--mulai", mulai.String(), "--selesai", selesai.String())
	if code != 0 || errOut != "" {
		t.Fatalf("create: %d %q %q", code, out, errOut)
	}
	list, err := db.Delegations(ctx, "", today)
	if err != nil || len(list) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	d := list[0]
	if d.Jenis != kinerja.JenisPlh || d.Dari.ID != kabid.ID || d.Ke.ID != plh.ID || d.Mulai != mulai || d.Selesai != selesai {
		t.Fatalf("stored %+v", d)
	}
	if want := admRender(t, "id", "delegasi.created", delegationArgs(d)) + "\n"; out != want {
		t.Fatalf("create printed %q, want %q", out, want)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dibuat' AND actor_id IS NULL`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}

	// A Plt from among kabid's own staff, in English: a note says their own
	// reports stay with kabid.
	code, out, _ = admCLI(t, url, "delegate", "--bahasa", "en", "--jenis", "plt", "--dari", kabid.NIP, "--ke", plt.NIP,
		"--mulai", today.String(), "--selesai", today.AddDays(30).String())
	if code != 0 {
		t.Fatalf("plt: %d %q", code, out)
	}
	second, err := db.Delegations(ctx, plt.NIP, today)
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
		{[]string{"--dari", kabid.NIP, "--ke", plh.NIP, "--mulai", selesai.String(), "--selesai", selesai.AddDays(3).String()},
			"delegasi.overlap", map[string]any{"ID": d.ID, "Mulai": mulai.Format(), "Selesai": selesai.Format(), "Dari": kabid.Nama, "Ke": plh.Nama}},
		{[]string{"--dari", kabid.NIP, "--ke", plh.NIP, "--mulai", "2026-02-30", "--selesai", selesai.String()},
			"delegasi.date_invalid", map[string]any{"Flag": "--mulai", "Value": "2026-02-30"}},
		{[]string{"--dari", kabid.NIP, "--ke", kabid.NIP, "--mulai", mulai.String(), "--selesai", selesai.String()},
			"delegasi.same_person", map[string]any{"NIP": kabid.NIP}},
		{[]string{"--dari", kabid.NIP, "--ke", plh.NIP, "--jenis", "pj", "--mulai", mulai.String(), "--selesai", selesai.String()},
			"delegasi.jenis_invalid", map[string]any{"Value": "pj"}},
		{[]string{"--dari", "199912312024121999", "--ke", plh.NIP, "--mulai", mulai.String(), "--selesai", selesai.String()},
			"delegasi.nip_unknown", map[string]any{"NIP": "199912312024121999"}},
	} {
		code, out, errOut := admCLI(t, url, append([]string{"delegate"}, tc.args...)...)
		if want := admRender(t, "id", tc.id, tc.args2) + "\n"; code != 1 || out != "" || errOut != want {
			t.Errorf("%s: %d %q %q, want %q", tc.id, code, out, errOut, want)
		}
	}

	// List: the running Plt, then the Plh that starts tomorrow.
	code, out, _ = admCLI(t, url, "delegate", "--daftar")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 3 ||
		lines[0] != admRender(t, "id", "delegasi.list_header", map[string]any{"Count": 2, "Today": today.Format()}) ||
		lines[1] != admRender(t, "id", "delegasi.list_active", delegationArgs(second[0])) ||
		lines[2] != admRender(t, "id", "delegasi.list_future", delegationArgs(d)) {
		t.Fatalf("list: %d %q", code, lines)
	}
	code, out, _ = admCLI(t, url, "delegate", "--daftar", "--nip", plh.NIP)
	if lines := strings.Split(strings.TrimRight(out, "\n"), "\n"); code != 0 || len(lines) != 2 || !strings.Contains(lines[1], plh.NIP) {
		t.Fatalf("list --nip: %d %q", code, out)
	}

	// Revoke: confirmed, audited, gone from the list; a second time refused.
	code, out, errOut = admCLI(t, url, "delegate", "--cabut", strconv.FormatInt(d.ID, 10))
	if code != 0 || errOut != "" {
		t.Fatalf("revoke: %d %q %q", code, out, errOut)
	}
	revoked, err := db.DelegationByID(ctx, d.ID)
	if err != nil || revoked.RevokedAt.IsZero() {
		t.Fatalf("%+v %v", revoked, err)
	}
	args := delegationArgs(revoked)
	args["At"] = revoked.RevokedAt.In(jkt).Format("02-01-2006 15.04")
	if want := admRender(t, "id", "delegasi.revoked", args) + "\n"; out != want {
		t.Fatalf("revoke printed %q, want %q", out, want)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dicabut' AND actor_id IS NULL`); n != 1 {
		t.Fatalf("%d revocation entries", n)
	}
	code, _, errOut = admCLI(t, url, "delegate", "--cabut", strconv.FormatInt(d.ID, 10))
	if want := admRender(t, "id", "delegasi.already_revoked", map[string]any{"ID": d.ID, "At": args["At"]}) + "\n"; code != 1 || errOut != want {
		t.Fatalf("revoke twice: %d %q, want %q", code, errOut, want)
	}
	code, _, errOut = admCLI(t, url, "delegate", "--cabut", "999999")
	if code != 1 || errOut != admRender(t, "id", "delegasi.not_found", map[string]any{"ID": int64(999999)})+"\n" {
		t.Fatalf("revoke unknown: %d %q", code, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM delegasi`); n != 2 {
		t.Fatalf("%d delegations stored, want 2", n)
	}
	code, out, _ = admCLI(t, url, "delegate", "--daftar", "--nip", plh.NIP)
	if code != 0 || out != admRender(t, "id", "delegasi.list_empty", nil)+"\n" {
		t.Fatalf("empty list: %d %q", code, out)
	}
}

func TestRunDelegateReports(t *testing.T) {
	t.Parallel()
	_, db := admDB(t)
	today, jkt := admToday(t)
	kabid := storetest.SeedPegawai(t, db, kinerja.Pegawai{})
	plh := storetest.SeedPegawai(t, db, kinerja.Pegawai{})
	req := func(edit func(r *adminDelegateRequest)) adminDelegateRequest {
		r := adminDelegateRequest{Dari: kabid.NIP, Ke: plh.NIP, Mulai: today.String(), Selesai: today.AddDays(2).String(), Today: today, Loc: jkt}
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
		if got := admIDs(rep, true); rep.Code != 1 || len(rep.Out) != 0 || !slicesEqual(got, tc.want...) {
			t.Errorf("%s: %d %v, want %v", tc.name, rep.Code, got, tc.want)
		}
	}
	rep := runDelegate(context.Background(), func(context.Context) (*store.DB, error) {
		return nil, context.DeadlineExceeded
	}, req(func(*adminDelegateRequest) {}))
	if !slicesEqual(admIDs(rep, true), "delegasi.internal") {
		t.Fatalf("no database: %+v", rep)
	}
}

package main

import (
	"context"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

func TestCLIUnlock(t *testing.T) {
	t.Parallel()
	url, db := admDB(t)
	ctx := context.Background()
	_, jkt := admToday(t)
	kabid := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Budi Santoso"})
	staf := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Siti Rahayu", AtasanID: kabid.ID})
	january := kinerja.Date{Year: 2026, Month: time.January, Day: 1}
	rate := func() store.Penilaian {
		t.Helper()
		n, err := db.RatePeriod(ctx, store.RatingRequest{
			PegawaiID: staf.ID, Periode: january, Hasil: kinerja.RatingDiAtas, Perilaku: kinerja.RatingDiAtas,
			ActorID: kabid.ID, Today: kinerja.Date{Year: 2026, Month: time.February, Day: 2},
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rated := rate()
	report := kinerja.Aktivitas{
		PegawaiID: staf.ID, Tanggal: kinerja.Date{Year: 2026, Month: time.January, Day: 30}, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Rapat koordinasi layanan aduan", Volume: 1, Satuan: "kegiatan", Menit: 60,
	}
	if _, err := db.SubmitAktivitas(ctx, report, staf.ID); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("a report in the rated month: %v", err)
	}

	// Usage errors: exit 2, nothing written.
	for _, args := range [][]string{
		{"unlock"},
		{"unlock", "--nip", staf.NIP},
		{"unlock", "--periode", "2026-01"},
		{"unlock", "--nip", staf.NIP, "--periode", "2026-01", "extra"},
		{"unlock", "--nip", staf.NIP, "--periode", "2026-01", "--bahasa", "jv"},
	} {
		if code, out, errOut := admCLI(t, url, args...); code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: %d %q %q", args, code, out, errOut)
		}
	}
	if code, _, _ := admCLI(t, url, "unlock", "--help"); code != 0 {
		t.Errorf("--help: %d", code)
	}

	// Refusals: exit 1, the reason on stderr, nothing on stdout.
	januari := admRender(t, "id", "month.1", map[string]any{"Year": 2026})
	for _, tc := range []struct {
		nip, periode string
		id           string
		args         map[string]any
	}{
		{staf.NIP, "01-2026", "unlock.periode_invalid", map[string]any{"Value": "01-2026"}},
		{staf.NIP, "2026-13", "unlock.periode_invalid", map[string]any{"Value": "2026-13"}},
		{"12345", "2026-01", "unlock.nip_invalid", map[string]any{"NIP": "12345"}},
		{"199912312024121999", "2026-01", "unlock.nip_unknown", map[string]any{"NIP": "199912312024121999"}},
		{kabid.NIP, "2026-01", "unlock.not_locked", map[string]any{
			"Nama": kabid.Nama, "NIP": kabid.NIP, "Periode": januari, "Month": 1, "Year": 2026}},
		{staf.NIP, "2026-02", "unlock.not_locked", map[string]any{
			"Nama": staf.Nama, "NIP": staf.NIP, "Periode": admRender(t, "id", "month.2", map[string]any{"Year": 2026}), "Month": 2, "Year": 2026}},
	} {
		code, out, errOut := admCLI(t, url, "unlock", "--nip", tc.nip, "--periode", tc.periode)
		if want := admRender(t, "id", tc.id, tc.args) + "\n"; code != 1 || out != "" || errOut != want {
			t.Errorf("%s %s: %d %q %q, want %q", tc.nip, tc.periode, code, out, errOut, want)
		}
	}
	if locked, _ := db.PeriodLocked(ctx, staf.ID, january); !locked {
		t.Fatal("a refused unlock unlocked")
	}

	// Unlocked: confirmed, audited as the system, the month open again.
	code, out, errOut := admCLI(t, url, "unlock", "--nip", staf.NIP, "--periode", "2026-01")
	if code != 0 || errOut != "" {
		t.Fatalf("unlock: %d %q %q", code, out, errOut)
	}
	args := unlockArgs(rated, januari, func(id string, a map[string]any) string { return admRender(t, "id", id, a) })
	args["At"] = rated.RatedAt.In(jkt).Format("02-01-2006 15.04")
	if want := admRender(t, "id", "unlock.done", args) + "\n"; out != want {
		t.Fatalf("unlock printed %q, want %q", out, want)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'penilaian_dibuka' AND actor_id IS NULL`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM penilaian WHERE unlocked_at IS NOT NULL AND unlocked_by IS NULL`); n != 1 {
		t.Fatalf("%d unlocked ratings", n)
	}
	if _, err := db.SubmitAktivitas(ctx, report, staf.ID); err != nil {
		t.Fatalf("a report in the unlocked month: %v", err)
	}
	code, _, errOut = admCLI(t, url, "unlock", "--nip", staf.NIP, "--periode", "2026-01")
	if want := admRender(t, "id", "unlock.not_locked", map[string]any{
		"Nama": staf.Nama, "NIP": staf.NIP, "Periode": januari, "Month": 1, "Year": 2026}) + "\n"; code != 1 || errOut != want {
		t.Fatalf("unlock twice: %d %q, want %q", code, errOut, want)
	}

	// In English, rated again by the assessor after the report was decided.
	if _, err := db.Pool.Exec(ctx, `UPDATE aktivitas SET status = 'ditarik' WHERE pegawai_id = $1`, staf.ID); err != nil {
		t.Fatal(err)
	}
	again := rate()
	code, out, _ = admCLI(t, url, "unlock", "--bahasa", "en", "--nip", staf.NIP, "--periode", "2026-01")
	january2026 := admRender(t, "en", "month.1", map[string]any{"Year": 2026})
	args = unlockArgs(again, january2026, func(id string, a map[string]any) string { return admRender(t, "en", id, a) })
	args["At"] = again.RatedAt.In(jkt).Format("02-01-2006 15.04")
	if want := admRender(t, "en", "unlock.done", args) + "\n"; code != 0 || out != want {
		t.Fatalf("unlock in English: %d %q, want %q", code, out, want)
	}
}

func TestRunUnlockReports(t *testing.T) {
	t.Parallel()
	rep := runUnlock(context.Background(), func(context.Context) (*store.DB, error) {
		return nil, context.DeadlineExceeded
	}, adminUnlockRequest{NIP: "199912312024121999", Periode: "2026-01", Loc: time.UTC})
	if !slicesEqual(admIDs(rep, true), "unlock.internal") || rep.Code != 1 {
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

package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

func TestCLIAudit(t *testing.T) {
	t.Parallel()
	url, db := admDB(t)
	ctx := context.Background()
	today, jkt := admToday(t)
	kabid := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Budi Santoso"})
	staf := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Siti Rahayu", AtasanID: kabid.ID, Telepon: "+6281234567890"})
	plh := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Dewi Lestari"})
	outsider := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Hendra Gunawan"})

	if code, out, errOut := admCLI(t, url, "delegate", "--dari", kabid.NIP, "--ke", plh.NIP,
		"--mulai", today.String(), "--selesai", today.AddDays(2).String()); code != 0 {
		t.Fatalf("delegate: %d %q %q", code, out, errOut)
	}
	rep, err := db.SubmitAktivitas(ctx, kinerja.Aktivitas{
		PegawaiID: staf.ID, Tanggal: today, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Rapat koordinasi layanan aduan", Volume: 1, Satuan: "kegiatan", Menit: 60,
	}, staf.ID)
	if err != nil {
		t.Fatal(err)
	}
	decide := func(actor int64, action kinerja.Action, reason string) error {
		_, err := db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: rep.ID, Version: rep.Version, Action: action,
			Actor: kinerja.ActorAssessor, ActorID: actor, Reason: reason, Today: today})
		return err
	}
	if err := decide(outsider.ID, kinerja.ActionSetujui, ""); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("forged approval: %v", err)
	}
	if err := decide(plh.ID, kinerja.ActionTolak, "Bukan kegiatan unit ini"); err != nil {
		t.Fatal(err)
	}
	// When each entry happened, as the admin reads it (Asia/Jakarta).
	var at []string
	for _, action := range []string{"ajukan", "ditolak_setujui", "tolak"} {
		var ts time.Time
		if err := db.Pool.QueryRow(ctx, `SELECT at FROM audit_log WHERE entity = 'aktivitas' AND entity_id = $1 AND action = $2`,
			rep.ID, action).Scan(&ts); err != nil {
			t.Fatal(err)
		}
		at = append(at, ts.In(jkt).Format("02-01-2006 15.04"))
	}
	r := func(id string, args map[string]any) string { return admRender(t, "id", id, args) }
	who := func(p kinerja.Pegawai) string { return r("audit.who", map[string]any{"Nama": p.Nama, "NIP": p.NIP}) }
	report := r("audit.report", map[string]any{"ID": rep.ID, "Date": today.Format(), "Author": staf.Nama, "AuthorNIP": staf.NIP})

	code, out, errOut := admCLI(t, url, "audit", "--nip", staf.NIP)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || errOut != "" || len(lines) != 4 {
		t.Fatalf("audit --nip: %d %q %q", code, out, errOut)
	}
	if lines[0] != r("audit.header_nip", map[string]any{"Nama": staf.Nama, "NIP": staf.NIP, "Count": 3}) {
		t.Errorf("header %q", lines[0])
	}
	for i, want := range [][]string{
		{at[0], who(staf), r("audit.act_ajukan", nil), report, r("audit.status_to", map[string]any{"To": r("status.diajukan", nil)})},
		{at[1], who(outsider), r("audit.refused", map[string]any{"Action": r("audit.act_setujui", nil)}), report},
		{at[2], r("audit.who_on_behalf", map[string]any{"Nama": plh.Nama, "NIP": plh.NIP, "OnBehalfNama": kabid.Nama, "OnBehalfNIP": kabid.NIP}),
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
	code, out, _ = admCLI(t, url, "audit", "--nip", plh.NIP, "--bahasa", "en")
	lines = strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 3 ||
		lines[0] != admRender(t, "en", "audit.header_nip", map[string]any{"Nama": plh.Nama, "NIP": plh.NIP, "Count": 2}) ||
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
		{[]string{"--nip", staf.NIP, "--batas", "1"}, 3, "", r("audit.truncated", map[string]any{"Limit": 1})},
		{[]string{"--nip", staf.NIP, "--sejak", today.AddDays(1).String()}, 1, r("audit.empty", nil), ""},
		{[]string{"--nip", staf.NIP, "--sejak", today.String()}, 4, "", ""},
	} {
		code, out, errOut := admCLI(t, url, append([]string{"audit"}, tc.args...)...)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if code != 0 || errOut != "" || len(lines) != tc.lines ||
			(tc.first != "" && lines[0] != tc.first) || (tc.last != "" && lines[len(lines)-1] != tc.last) {
			t.Errorf("audit %q: %d %q %q", tc.args, code, lines, errOut)
		}
	}

	// Refusals: usage (exit 2) and values (exit 1).
	for _, args := range [][]string{{"audit"}, {"audit", "--batas", "0", "--nip", staf.NIP}, {"audit", "--laporan", "-1"}} {
		if code, out, errOut := admCLI(t, url, args...); code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: %d %q %q", args, code, out, errOut)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--nip", "199912312024121999"}, r("audit.nip_unknown", map[string]any{"NIP": "199912312024121999"})},
		{[]string{"--nip", "1234"}, r("audit.nip_invalid", map[string]any{"NIP": "1234"})},
		{[]string{"--nip", staf.NIP, "--sejak", "kemarin"}, r("audit.sejak_invalid", map[string]any{"Value": "kemarin"})},
	} {
		code, out, errOut := admCLI(t, url, append([]string{"audit"}, tc.args...)...)
		if code != 1 || out != "" || errOut != tc.want+"\n" {
			t.Errorf("audit %q: %d %q %q, want %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

func TestAuditActionWords(t *testing.T) {
	t.Parallel()
	fm := func(id string, args map[string]any) string {
		if a, ok := args["Action"]; ok {
			return id + "(" + a.(string) + ")"
		}
		return id
	}
	for action, want := range map[string]string{
		"setujui":            "audit.act_setujui",
		"ditolak_kembalikan": "audit.refused(audit.act_kembalikan)",
		"ditolak_lompat":     "audit.refused(lompat)",
		"ditolak_":           "ditolak_",
		"hapus_rhk":          "hapus_rhk", // unknown actions as they are
	} {
		if got := auditAction(action, fm); got != want {
			t.Errorf("%s: %q, want %q", action, got, want)
		}
	}
}

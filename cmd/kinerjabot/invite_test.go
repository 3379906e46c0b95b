package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

var payloadRE = regexp.MustCompile(`^[A-Za-z0-9_-]{22,64}$`)

func TestCLIInvite(t *testing.T) {
	url, db := admDB(t)
	ctx := context.Background()
	p := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Dwi Rahmawati"})
	tg := telegramtest.NewServer(telegramtest.WithToken("987654:rahasia-sekali"), telegramtest.WithBotUsername("kinerja_smg_bot"))
	t.Cleanup(tg.Close)
	getenv := env(map[string]string{"DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL()})
	run := func(getenv func(string) string, args ...string) (int, []string, string) {
		var out, errOut bytes.Buffer
		code := cli(append([]string{"invite"}, args...), getenv, &out, &errOut)
		if strings.Contains(out.String()+errOut.String(), "rahasia") {
			t.Fatal("the bot token was printed")
		}
		return code, strings.Split(strings.TrimRight(out.String(), "\n"), "\n"), errOut.String()
	}

	// The link from getMe.
	code, out, errOut := run(getenv, p.NIP)
	if code != 0 || len(out) != 2 || !payloadRE.MatchString(out[0]) || out[1] != "https://t.me/kinerja_smg_bot?start="+out[0] {
		t.Fatalf("invite: %d %q %q", code, out, errOut)
	}
	if tg.Stats().Calls["getMe"] != 1 {
		t.Fatalf("getMe calls %v", tg.Stats().Calls)
	}
	first := out[0]

	// --bot: no getMe; --berlaku 7d; a newer invitation replaces the first.
	code, out, _ = run(getenv, "--bot", "@kinerja_lain_bot", "--berlaku", "7d", p.NIP)
	if code != 0 || len(out) != 2 || out[1] != "https://t.me/kinerja_lain_bot?start="+out[0] || tg.Stats().Calls["getMe"] != 1 {
		t.Fatalf("--bot: %d %q", code, out)
	}
	var ttl time.Duration
	if err := db.Pool.QueryRow(ctx, `SELECT expires_at - created_at FROM undangan ORDER BY id DESC LIMIT 1`).Scan(&ttl); err != nil || ttl != 7*24*time.Hour {
		t.Fatalf("ttl %v %v", ttl, err)
	}
	if _, err := db.RedeemInvite(ctx, first, 7001, 7001); kinerja.ErrorCode(err) != kinerja.CodeInvalid {
		t.Fatalf("the replaced invitation: %v", err)
	}
	// The printed payload links the account.
	if got, err := db.RedeemInvite(ctx, out[0], 7001, 7001); err != nil || got.ID != p.ID {
		t.Fatalf("redeem: %+v %v", got, err)
	}

	// getMe failing: the payload alone, and a word on stderr.
	q := storetest.SeedPegawai(t, db, kinerja.Pegawai{})
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	code, out, errOut = run(env(map[string]string{"DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "987654:rahasia-sekali", "TELEGRAM_API_URL": down.URL}), q.NIP)
	if code != 0 || len(out) != 1 || !payloadRE.MatchString(out[0]) || errOut == "" {
		t.Fatalf("getMe down: %d %q %q", code, out, errOut)
	}
	// No token: the payload alone.
	code, out, _ = run(env(map[string]string{"DATABASE_URL": url}), "--berlaku", "48h", q.NIP)
	if code != 0 || len(out) != 1 || !payloadRE.MatchString(out[0]) {
		t.Fatalf("no token: %d %q", code, out)
	}

	// Refusals: nothing on stdout, exit 1.
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, q.ID); err != nil {
		t.Fatal(err)
	}
	for _, nip := range []string{"199912312024121999", q.NIP, p.NIP, "123"} {
		code, out, errOut = run(getenv, nip)
		if code != 1 || out[0] != "" || errOut == "" {
			t.Fatalf("invite %s: %d %q %q", nip, code, out, errOut)
		}
	}
}

func TestRunInviteReports(t *testing.T) {
	_, db := admDB(t)
	ctx := context.Background()
	p := storetest.SeedPegawai(t, db, kinerja.Pegawai{})
	rep := runInvite(ctx, admOpened(db), adminInviteRequest{NIP: p.NIP[:8] + " " + p.NIP[8:], TTL: time.Hour})
	if rep.Code != 0 || rep.Payload == "" || rep.Link != "" || !slices.Equal(admIDs(rep.adminReport, true), []string{"invite.created", "invite.no_bot"}) {
		t.Fatalf("report %+v", rep)
	}
	if exp := admRender(t, "id", "invite.created", rep.Err[0].Args); !strings.Contains(exp, " WIB") {
		t.Fatalf("expiry shown as %q", exp)
	}
	for _, tc := range []struct {
		nip, want string
	}{
		{"199912312024121999", "invite.nip_unknown"},
		{"12345", "pegawai.nip_invalid"},
	} {
		rep := runInvite(ctx, admOpened(db), adminInviteRequest{NIP: tc.nip, TTL: time.Hour})
		if rep.Code != 1 || rep.Payload != "" || !slices.Equal(admIDs(rep.adminReport, true), []string{tc.want}) {
			t.Errorf("%s: %+v", tc.nip, rep)
		}
	}
	rep = runInvite(ctx, admOpened(db), adminInviteRequest{NIP: p.NIP, TTL: 100 * 24 * time.Hour})
	if !slices.Equal(admIDs(rep.adminReport, true), []string{"invite.bad_ttl"}) {
		t.Fatalf("ttl: %+v", rep)
	}
	rep = runInvite(ctx, admOpened(db), adminInviteRequest{NIP: p.NIP, TTL: time.Hour, Token: "1:x", APIURL: "http://127.0.0.1:1"})
	if rep.Code != 0 || rep.Link != "" || !slices.Equal(admIDs(rep.adminReport, true), []string{"invite.created", "invite.getme_failed"}) {
		t.Fatalf("getMe refused: %+v", rep)
	}
}

func TestParseDays(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"14d": 14 * 24 * time.Hour, "336h": 336 * time.Hour, "2d12h": 60 * time.Hour, "90m": 90 * time.Minute,
	} {
		if got, err := parseDays(in); err != nil || got != want {
			t.Errorf("parseDays(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "d", "xd", "-1d", "14 hari", "1d2"} {
		if _, err := parseDays(in); err == nil {
			t.Errorf("parseDays(%q) accepted", in)
		}
	}
}

// Bulk invitations for an OPD: one link per person not linked yet, in a
// workbook with NIP as text, ready for a mail merge; named by an admin.
func TestCLIInviteOPD(t *testing.T) {
	url, db := admDB(t)
	imported(t, url, "pegawai", "../../examples/pegawai.csv")
	const admin = "198211052006041002"
	if _, err := db.Pool.Exec(context.Background(), `UPDATE pegawai SET telegram_id = 777, chat_id = 777 WHERE nip = '198501302009021003'`); err != nil {
		t.Fatal(err)
	}
	opd := "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Semarang"
	xlsx := filepath.Join(t.TempDir(), "undangan.xlsx")
	code, out, errOut := admCLIEnv(t, url, map[string]string{"KINERJABOT_ADMIN_NIP": ""}, "invite", "--opd", opd, "--out", xlsx, "--bot", "kinerjabot_smg_bot")
	if code != 1 || !strings.Contains(errOut, "--oleh NIP_ADMIN") {
		t.Fatalf("without an actor: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM undangan`); n != 0 {
		t.Fatalf("%d invitations made without an actor", n)
	}
	code, out, errOut = admCLI(t, url, "invite", "--opd", opd, "--out", xlsx, "--bot", "kinerjabot_smg_bot", "--oleh", admin)
	if code != 0 || !strings.Contains(out, "8 undangan untuk "+opd) || !strings.Contains(out, "1 pegawai sudah terhubung") {
		t.Fatalf("invite --opd: %d\n%s\n%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Undangan")
	if len(rows) != 10 || strings.Join(rows[0], "|") != "NIP|Nama|Unit Kerja|Tautan|Berlaku Sampai" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	links := 0
	for i, r := range rows[1:] {
		if strings.HasPrefix(r[3], "https://t.me/kinerjabot_smg_bot?start=") {
			links++
		}
		if typ, _ := f.GetCellType("Undangan", "A"+strconv.Itoa(i+2)); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
			t.Fatalf("the NIP of line %d is not a text cell (%v)", i+2, typ)
		}
	}
	if links != 8 {
		t.Errorf("%d links, want 8", links)
	}
	if n := admCount(t, db, `SELECT count(*) FROM undangan u JOIN pegawai p ON p.id = u.created_by WHERE p.nip = '`+admin+`'`); n != 8 {
		t.Errorf("%d invitations by the admin, want 8", n)
	}
	// Only the unlinked, as CSV.
	csvPath := filepath.Join(t.TempDir(), "undangan.csv")
	if code, out, errOut := admCLI(t, url, "invite", "--opd", opd, "--belum-terhubung", "--out", csvPath, "--bot", "kinerjabot_smg_bot", "--oleh", admin); code != 0 {
		t.Fatalf("csv: %d %s %s", code, out, errOut)
	}
	if lines := strings.Split(strings.TrimSpace(mustRead(t, csvPath)), "\n"); len(lines) != 9 {
		t.Errorf("csv: %d lines, want 9 (header and 8 people)", len(lines))
	}
	if code, _, errOut := admCLI(t, url, "invite", "--opd", opd, "--out", xlsx, "--oleh", admin); code != 1 || !strings.Contains(errOut, "--bot") {
		t.Errorf("without the bot's name: %d %q", code, errOut)
	}
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
)

// The demo only ever uses its own database, on the server DATABASE_URL
// names, with the same credentials and parameters; --reset drops only that
// one.
func TestDemoUsesOnlyItsOwnDatabase(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"postgres://postgres@localhost:5432/kinerjabot?sslmode=disable", "postgres://postgres@localhost:5432/kinerjabot_demo?sslmode=disable"},
		{"postgres://u:secret@db.internal/produksi?pool_max_conns=10", "postgres://u:secret@db.internal/kinerjabot_demo?pool_max_conns=10"},
		{"postgresql://postgres@127.0.0.1:5432", "postgresql://postgres@127.0.0.1:5432/kinerjabot_demo"},
		{"postgres://postgres@localhost:5432/kinerjabot_demo?sslmode=disable", "postgres://postgres@localhost:5432/kinerjabot_demo?sslmode=disable"},
		// A parameter naming another database would win over the path.
		{"postgres://u@h/kinerjabot_demo?dbname=produksi", "postgres://u@h/kinerjabot_demo"},
		{"postgres://u@h/x?database=produksi&sslmode=require", "postgres://u@h/kinerjabot_demo?sslmode=require"},
		{"not a url", ""}, // refused
	} {
		got, err := demoDatabaseURL(tc.url)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("%s: got %q, %v; want %q", tc.url, got, err, tc.want)
		}
	}
	for _, url := range []string{"postgres://postgres@127.0.0.1:5432/kinerjabot", "postgres://postgres@127.0.0.1:5432/kinerjabot_demo?dbname=postgres"} {
		err := runDemo(t.Context(), demoOptions{DatabaseURL: url, Reset: true, RedisPrefix: "kbdemo:"})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("reset %s: %v", url, err)
		}
	}
}

// The story starts at 10.00 on the last working day on or before today.
func TestDemoStart(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	holidays := map[kinerja.Date]string{{Year: 2026, Month: 12, Day: 25}: "Natal"}
	for now, want := range map[time.Time]time.Time{
		time.Date(2026, 11, 28, 13, 0, 0, 0, wib): time.Date(2026, 11, 27, 10, 0, 0, 0, wib), // Saturday → Friday
		time.Date(2026, 11, 30, 7, 0, 0, 0, wib):  time.Date(2026, 11, 30, 10, 0, 0, 0, wib), // Monday
		time.Date(2026, 12, 27, 9, 0, 0, 0, wib):  time.Date(2026, 12, 24, 10, 0, 0, 0, wib), // Sunday, Friday a holiday
	} {
		if got := demoStart(now, wib, holidays); !got.Equal(want) {
			t.Errorf("%v: got %v, want %v", now, got, want)
		}
	}
}

// The page answers only to its own host names, and state-changing calls
// only from itself: another web page (or a DNS-rebinding one) cannot chat
// or move the clock.
func TestDemoPageGuards(t *testing.T) {
	w := &demoWeb{hosts: demoHosts("localhost:8080")}
	h := w.guard(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(http.StatusNoContent) }))
	for _, tc := range []struct {
		name, method, host, ctype, origin string
		want                              int
	}{
		{"page", "GET", "localhost:8080", "", "", http.StatusNoContent},
		{"same port, 127.0.0.1", "GET", "127.0.0.1:8080", "", "", http.StatusNoContent},
		{"rebinding", "GET", "evil.example:8080", "", "", http.StatusMisdirectedRequest},
		{"post from the page", "POST", "localhost:8080", "application/json", "http://localhost:8080", http.StatusNoContent},
		{"post as text/plain", "POST", "localhost:8080", "text/plain", "", http.StatusUnsupportedMediaType},
		{"post from another site", "POST", "localhost:8080", "application/json", "https://evil.example", http.StatusForbidden},
	} {
		r := httptest.NewRequest(tc.method, "http://"+tc.host+"/demo/api/send", strings.NewReader("{}"))
		r.Host = tc.host
		if tc.ctype != "" {
			r.Header.Set("Content-Type", tc.ctype)
		}
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			if tc.origin == "http://"+tc.host {
				r.Header.Set("Sec-Fetch-Site", "same-origin")
			}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, rec.Code, tc.want)
		}
	}
}

// The clock control: "Ke 15.31" brings the afternoon nudge to whoever has
// not reported today; "Awal bulan depan" ends the month and the
// supervisors are asked to rate it.
func TestDemoClockBringsRemindersAndPeriodEnd(t *testing.T) {
	t.Parallel()
	base := startDemo(t)
	post := func(path, body string) {
		t.Helper()
		res, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", path, res.Status)
		}
	}
	// waitFor polls a person's chat for a bot message starting with prefix.
	waitFor := func(user int64, prefix string) {
		t.Helper()
		eventually(t, prefix, func() bool {
			res, err := http.Get(fmt.Sprintf("%s/demo/api/state?user=%d", base, user))
			if err != nil {
				return false
			}
			defer res.Body.Close()
			var st demoState
			if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
				return false
			}
			for _, m := range st.Messages {
				if m.FromBot && strings.HasPrefix(m.Text, prefix) {
					return true
				}
			}
			return false
		})
	}
	post("/demo/api/clock", `{"step":"afternoon"}`)
	waitFor(810012, "⏰ Bapak/Ibu Rizky Pratama")
	post("/demo/api/clock", `{"step":"month"}`)
	waitFor(810002, "🗓 Periode")
}

// The admin's side of the demo: the Kepala Dinas is also the unit's
// admin_opd; /rekap offers the months, a press sends the workbook, and the
// page downloads it.
func TestDemoAdminTakesTheRecap(t *testing.T) {
	t.Parallel()
	base := startDemo(t)
	const agus = 810001
	post := func(path, body string) map[string]any {
		t.Helper()
		res, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", path, res.Status)
		}
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		return out
	}
	post("/demo/api/send", fmt.Sprintf(`{"user":"%d","kind":"text","text":"/rekap"}`, agus))
	choose := demoBotSaid(t, base, agus, "the months to choose", func(m demoMessage) bool {
		return strings.HasPrefix(m.Text, "📑 Rekap bulanan") && len(m.Buttons) > 0
	})
	b := choose.Buttons[0][0]
	post("/demo/api/press", fmt.Sprintf(`{"user":"%d","message":%d,"data":%q}`, agus, choose.ID, b.Data))
	doc := demoBotSaid(t, base, agus, "the workbook", func(m demoMessage) bool { return strings.HasSuffix(m.Document, ".xlsx") })
	if !strings.Contains(doc.Text, "Pegawai: ") {
		t.Fatalf("the workbook's caption: %q", doc.Text)
	}
	res, err := http.Get(fmt.Sprintf("%s/demo/api/file?user=%d&msg=%d", base, agus, doc.ID))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatalf("the download is not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Rekap")
	if err != nil || len(rows) < 5 || !strings.Contains(res.Header.Get("Content-Disposition"), doc.Document) {
		t.Fatalf("Rekap sheet: %d rows, %v; %q", len(rows), err, res.Header.Get("Content-Disposition"))
	}
	// A demo staff member's row says what their own /nilai says.
	const rizky = 810012
	post("/demo/api/send", fmt.Sprintf(`{"user":"%d","kind":"text","text":"/nilai"}`, rizky))
	nilai := demoBotSaid(t, base, rizky, "Rizky's /nilai", func(m demoMessage) bool { return strings.HasPrefix(m.Text, "📊 Nilai") })
	m := regexp.MustCompile(`Produktivitas(?: sejauh ini)?: ([0-9,]+)% — disetujui (\d+) dari target (\d+) menit`).FindStringSubmatch(nilai.Text)
	if m == nil {
		t.Fatalf("/nilai: %s", nilai.Text)
	}
	head := rows[0]
	col := func(name string) int { return slices.Index(head, name) }
	found := false
	for _, r := range rows[1:] {
		if len(r) > col("Produktivitas (%)") && strings.HasPrefix(r[col("Nama")], "Rizky Pratama") {
			found = true
			if r[col("Menit Disetujui")] != m[2] || r[col("Target Menit")] != m[3] || r[col("Produktivitas (%)")] != strings.Replace(m[1], ",", ".", 1) {
				t.Errorf("Rizky's row %v, /nilai %v", r, m[1:])
			}
		}
	}
	if !found {
		t.Fatalf("no row for Rizky in %v", rows)
	}
}

// Issue 15, items 4 and 5: the demo started again without --reset opens
// each chat with the welcome and the menu, and still answers (the fake
// Telegram never reuses recent update ids, as Telegram does not).
func TestDemoAnswersAfterARestart(t *testing.T) {
	t.Parallel()
	o := demoOptions{DatabaseURL: storetest.NewURL(t), RedisURL: storetest.RedisURL(),
		RedisPrefix: storetest.RedisPrefix(t), Addr: "127.0.0.1:0", anyDatabase: true}
	const agus = 810001
	ask := func(base string) {
		t.Helper()
		// Issue 15, item 5: the chat opens with the welcome and the menu,
		// also after a restart (the /start of each chat was dropped then).
		demoBotSaid(t, base, agus, "the welcome", func(m demoMessage) bool { return strings.Contains(m.Text, "Selamat datang") },
			func(st demoState) bool { return len(st.Keyboard) > 0 })
		res, err := http.Post(base+"/demo/api/send", "application/json", strings.NewReader(fmt.Sprintf(`{"user":"%d","kind":"text","text":"/bantuan"}`, agus)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		demoBotSaid(t, base, agus, "the answer to /bantuan", func(m demoMessage) bool { return strings.Contains(m.Text, "Perintah yang tersedia") })
	}
	for round := range 2 {
		base, stop := runUntilReady(t, "demo", 60*time.Second, func(ctx context.Context, ready chan<- string) error {
			o.Ready = ready
			return runDemo(ctx, o)
		})
		ask(base)
		if err := stop(); err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

// demoBotSaid waits until the demo chat of user holds a bot message that
// match accepts (and the state, when asked, satisfies need), and returns it.
func demoBotSaid(t *testing.T, base string, user int64, what string, match func(demoMessage) bool, need ...func(demoState) bool) demoMessage {
	t.Helper()
	var found demoMessage
	eventually(t, what, func() bool {
		res, err := http.Get(fmt.Sprintf("%s/demo/api/state?user=%d", base, user))
		if err != nil {
			return false
		}
		defer res.Body.Close()
		var st demoState
		if json.NewDecoder(res.Body).Decode(&st) != nil {
			return false
		}
		for _, n := range need {
			if !n(st) {
				return false
			}
		}
		ok := false
		for _, m := range st.Messages {
			if m.FromBot && match(m) {
				found, ok = m, true
			}
		}
		return ok
	})
	return found
}

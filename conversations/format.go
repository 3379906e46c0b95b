package conversations

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
)

// dateText is a date as people read it: "Jumat, 27-11-2026".
func dateText(d kinerja.Date) Text {
	return T("date.long", "Day", T("weekday."+strconv.Itoa(int(d.Weekday()))), "Date", d.Format())
}

// shortDateText is a date on a button: "Jum 27-11".
func shortDateText(d kinerja.Date) Text {
	return T("date.short", "Day", T("weekday_short."+strconv.Itoa(int(d.Weekday()))), "Date", d.FormatShort())
}

// truncate shortens s to at most n characters, with an ellipsis.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// newKey draws a random idempotency key.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func timeMonth(n int) time.Month { return time.Month(n) }

// monthText names the month holding d ("Desember 2026").
func monthText(d kinerja.Date) Text { return T("month."+strconv.Itoa(int(d.Month)), "Year", d.Year) }

// quarterText names the quarter holding d ("Triwulan IV 2026").
func quarterText(d kinerja.Date) Text {
	return T("score.quarter", "Q", (int(d.Month)-1)/3+1, "Year", d.Year)
}

package msg

import (
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
)

// The list of the reports waiting for an assessor, by person and day, is
// said by two packages: /persetujuan (package conversations) shows it when
// asked, a page at a time, and the daily list (package notify) pushes its
// first page at the hour a supervisor chose instead of a card per report.
// Both build it here, so the two never drift; only what their buttons
// carry differs (a rendering kept in the session, or the push's own
// reminder).

// QueueGroupsPerPage is how many person-days a page of the list shows.
const QueueGroupsPerPage = 8

// QueueGroup is one person's reports of one day that wait.
type QueueGroup struct {
	PegawaiID int64
	Author    string
	Date      kinerja.Date
	Count     int // reports
	Minutes   int // their minutes
}

// AddToQueue counts a report into groups: into the last group when it is
// of the same person and day (the reports come ordered by day and person),
// else into a new one.
func AddToQueue(groups []QueueGroup, pegawaiID int64, author string, date kinerja.Date, menit int) []QueueGroup {
	if n := len(groups); n > 0 && groups[n-1].PegawaiID == pegawaiID && groups[n-1].Date == date {
		groups[n-1].Count++
		groups[n-1].Minutes += menit
		return groups
	}
	return append(groups, QueueGroup{PegawaiID: pegawaiID, Author: author, Date: date, Count: 1, Minutes: menit})
}

// QueueButtons are what a list's buttons carry: a person's day (the i-th
// group of the page) and "Setujui semua". Pages turn with OpQueue "p<n>",
// the same everywhere.
type QueueButtons struct {
	Person func(i int, g QueueGroup) Callback
	All    Callback
}

// ApprovalQueue is page page (from 0; kept within the pages) of the list of
// groups: how many reports of how many people wait, one line and one
// button per person-day of the page ("Dewi · Kamis 3 Des (3)"), the pages
// around it, and "Setujui semua" with the count of everything waiting, on
// every page. It returns the page shown.
func ApprovalQueue(groups []QueueGroup, page int, b QueueButtons) (Reply, int) {
	if len(groups) == 0 {
		return Reply{Text: T("approval.queue_empty")}, 0
	}
	pages := (len(groups) + QueueGroupsPerPage - 1) / QueueGroupsPerPage
	page = min(max(page, 0), pages-1)
	shown := groups[page*QueueGroupsPerPage : min((page+1)*QueueGroupsPerPage, len(groups))]
	// A first name shared by two people of the page is not enough.
	names := map[string]map[int64]bool{}
	for _, g := range shown {
		n := CallName(g.Author)
		if names[n] == nil {
			names[n] = map[int64]bool{}
		}
		names[n][g.PegawaiID] = true
	}
	lines := make(Lines, 0, len(shown))
	var rows [][]Button
	for i, g := range shown {
		lines = append(lines, T("approval.queue_line", "Nama", g.Author, "Date", DayLabel(g.Date), "Count", g.Count, "Menit", g.Minutes))
		name := CallName(g.Author)
		if len(names[name]) > 1 {
			base, _, _ := strings.Cut(g.Author, ",")
			name = Shorten(base, 24)
		}
		rows = append(rows, []Button{{
			Label: T("approval.button_person", "Nama", name, "Date", DayLabel(g.Date), "Count", g.Count),
			Data:  b.Person(i, g),
		}})
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, Button{Label: T("button.prev"), Data: Callback{Op: OpQueue, Arg: "p" + strconv.Itoa(page-1)}})
	}
	if page < pages-1 {
		nav = append(nav, Button{Label: T("button.next"), Data: Callback{Op: OpQueue, Arg: "p" + strconv.Itoa(page+1)}})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	count, people := 0, map[int64]bool{}
	for _, g := range groups {
		count += g.Count
		people[g.PegawaiID] = true
	}
	rows = append(rows, []Button{{Label: T("approval.button_approve_all", "Count", count), Data: b.All}})
	return Reply{
		Text: T("approval.queue", "Count", count, "People", len(people), "Items", lines,
			"Paged", pages > 1, "Page", page+1, "Pages", pages),
		Buttons: rows,
	}, page
}

// CallName is how a button names a person: the first given name, without
// the degrees before it (Dr., Ir., H.) or after the comma (S.Kom.).
func CallName(nama string) string {
	base, _, _ := strings.Cut(nama, ",")
	for _, w := range strings.Fields(base) {
		if !strings.HasSuffix(w, ".") {
			return w
		}
	}
	return strings.TrimSpace(base)
}

// DayLabel is a day on a button: "Kamis 3 Des".
func DayLabel(d kinerja.Date) Text {
	return T("approval.button_day", "Day", T("weekday."+strconv.Itoa(int(d.Weekday()))),
		"D", d.Day, "Month", T("approval.bulan."+strconv.Itoa(int(d.Month))))
}

// The daily list's own buttons (OpReminder, ID: the list's reminder): a
// person's day is "o<person, base 36>.<yyyymmdd>"; "Setujui semua" is
// "a<instant, µs since 1970, base 36>": the reports waiting at that instant
// and not changed since, which are those the list showed (a report filed or
// changed later was not seen).

// ListPersonArg is the Arg of a daily list's button for a person's day.
func ListPersonArg(pegawaiID int64, d kinerja.Date) string {
	return ArgReminderDaftarOrang + strconv.FormatInt(pegawaiID, 36) + "." + strconv.Itoa(d.Year*10000+int(d.Month)*100+d.Day)
}

// ParseListPersonArg reads ListPersonArg back.
func ParseListPersonArg(arg string) (int64, kinerja.Date, bool) {
	rest, ok := strings.CutPrefix(arg, ArgReminderDaftarOrang)
	id36, day, cut := strings.Cut(rest, ".")
	if !ok || !cut || len(day) != 8 {
		return 0, kinerja.Date{}, false
	}
	id, err := strconv.ParseInt(id36, 36, 64)
	n, err2 := strconv.Atoi(day)
	if err != nil || err2 != nil || id <= 0 {
		return 0, kinerja.Date{}, false
	}
	d := kinerja.Date{Year: n / 10000, Month: time.Month(n / 100 % 100), Day: n % 100}
	if _, err := kinerja.ParseDate(d.String()); err != nil {
		return 0, kinerja.Date{}, false
	}
	return id, d, true
}

// ListAllArg is the Arg of a daily list's "Setujui semua", for the list
// made at shown.
func ListAllArg(shown time.Time) string {
	return ArgReminderDaftarSemua + strconv.FormatInt(shown.UnixMicro(), 36)
}

// ParseListAllArg reads ListAllArg back.
func ParseListAllArg(arg string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(arg, ArgReminderDaftarSemua)
	us, err := strconv.ParseInt(rest, 36, 64)
	if !ok || err != nil || us <= 0 {
		return time.Time{}, false
	}
	return time.UnixMicro(us), true
}

package conversations

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /persetujuan: the assessor's queue of reports waiting for a decision. The
// list has one button per person and day, named by the person ("Dewi ·
// Kamis 3 Des (3)"), a page at a time, and "Setujui semua" over everything
// waiting, on every page. A person's button turns the list into that
// person's reports of the day, each with its own Setujui, Kembalikan and
// Tolak (and its evidence), "Setujui semua" for the day and a way back to
// the list. A bulk approval asks for confirmation first (a short flow that
// keeps the exact reports and versions shown), then decides each report in
// its own transaction: a report decided or changed meanwhile is skipped and
// counted, never approved unseen.

// queueItemsShown is how many reports a person's list shows with their
// buttons; the rest come as those above are decided.
const queueItemsShown = 8

// queueGroup is one person's pending reports of one day.
type queueGroup struct {
	PegawaiID int64
	Author    string
	NIP       string
	Date      kinerja.Date
	Reports   []PendingReport
}

func (g queueGroup) minutes() int {
	n := 0
	for _, r := range g.Reports {
		n += r.Menit
	}
	return n
}

func groupPending(list []PendingReport) []queueGroup {
	var out []queueGroup
	for _, r := range list {
		n := len(out)
		if n > 0 && out[n-1].PegawaiID == r.PegawaiID && out[n-1].Date == r.Tanggal {
			out[n-1].Reports = append(out[n-1].Reports, r)
			continue
		}
		out = append(out, queueGroup{PegawaiID: r.PegawaiID, Author: r.AuthorNama, NIP: r.AuthorNIP, Date: r.Tanggal, Reports: []PendingReport{r}})
	}
	return out
}

// people counts the different persons of groups.
func people(groups []queueGroup) int {
	seen := map[int64]bool{}
	for _, g := range groups {
		seen[g.PegawaiID] = true
	}
	return len(seen)
}

func persetujuanCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	r, err := queuePage(ctx, c, 0)
	return Result{Replies: []msg.Reply{r}}, err
}

func (c *Ctx) pending(ctx context.Context) ([]queueGroup, error) {
	list, err := c.d.Decisions.PendingFor(ctx, c.User.Pegawai.ID, c.Today())
	if err != nil {
		return nil, err
	}
	return groupPending(list), nil
}

// queueGroups are groups as the list counts them.
func queueGroups(groups []queueGroup) []msg.QueueGroup {
	out := make([]msg.QueueGroup, len(groups))
	for i, g := range groups {
		out[i] = msg.QueueGroup{PegawaiID: g.PegawaiID, Author: g.Author, Date: g.Date, Count: len(g.Reports), Minutes: g.minutes()}
	}
	return out
}

// queuePage is page page of the list (msg.ApprovalQueue), its buttons kept
// in the session: each person-day's, and what "Setujui semua" covers.
func queuePage(ctx context.Context, c *Ctx, page int) (msg.Reply, error) {
	groups, err := c.pending(ctx)
	if err != nil {
		return msg.Reply{}, err
	}
	if len(groups) == 0 {
		return msg.Reply{Text: msg.T("approval.queue_empty")}, nil
	}
	view := newQueueView(c.Session)
	// "Setujui semua" is everything waiting, on every page: exactly the
	// reports (and versions) counted here.
	view.keep("a", bulkData(groups))
	r, page := msg.ApprovalQueue(queueGroups(groups), page, msg.QueueButtons{
		Person: func(i int, g msg.QueueGroup) msg.Callback {
			view.keep("g"+strconv.Itoa(i), map[string]string{kQueuePegawai: itoa64(g.PegawaiID), kBulkDate: g.Date.String()})
			return msg.Callback{Op: msg.OpQueue, Arg: "o" + view.token + "." + strconv.Itoa(i)}
		},
		All: msg.Callback{Op: msg.OpQueue, Arg: "a" + view.token},
	})
	view.s.Views[queuePageKey] = strconv.Itoa(page)
	return r, nil
}

// personDay is a person's reports of one day that wait for the assessor,
// each with its own buttons, "Setujui semua" for them and the way back to
// the list; the list itself when none is left.
func personDay(ctx context.Context, c *Ctx, pegawaiID int64, date kinerja.Date) (msg.Reply, error) {
	groups, err := c.pending(ctx)
	if err != nil {
		return msg.Reply{}, err
	}
	var g *queueGroup
	for i := range groups {
		if groups[i].PegawaiID == pegawaiID && groups[i].Date == date {
			g = &groups[i]
		}
	}
	page := atoi(c.Session.Views[queuePageKey])
	if g == nil {
		return queuePage(ctx, c, page)
	}
	view := newQueueView(c.Session)
	view.s.Views[queuePageKey] = strconv.Itoa(page)
	view.keep("g", bulkData([]queueGroup{*g}))
	lines := make(msg.Lines, 0, min(len(g.Reports), queueItemsShown)+1)
	var rows [][]msg.Button
	for i, r := range g.Reports {
		if i == queueItemsShown {
			lines = append(lines, msg.T("approval.detail_more", "Count", len(g.Reports)-queueItemsShown))
			break
		}
		n := i + 1
		v := msg.CardView{Aktivitas: r.Aktivitas, RHKKode: r.RHKKode, RHKTeks: r.RHKTeks}
		lines = append(lines, msg.T("approval.detail_line", "N", n, "RHK", msg.CardRHK(v, 48),
			"Teks", msg.Shorten(r.Deskripsi, 120), "Volume", r.Volume, "Satuan", r.Satuan, "Menit", r.Menit, "Bukti", len(r.Bukti)))
		item := func(id string, letter byte) msg.Button {
			return msg.Button{Label: msg.T(id, "N", n), Data: msg.Callback{Op: msg.OpQueue, ID: r.ID, Arg: msg.ApprovalArg(letter, r.Version)}}
		}
		row := []msg.Button{
			item("approval.button_item_setujui", msg.ApprovalSetujui),
			item("approval.button_item_kembalikan", msg.ApprovalKembalikan),
			item("approval.button_item_tolak", msg.ApprovalTolak),
		}
		if len(r.Bukti) > 0 {
			row = append(row, item("approval.button_item_bukti", msg.ApprovalBukti))
		}
		rows = append(rows, row)
	}
	rows = append(rows,
		[]msg.Button{{Label: msg.T("approval.button_approve_person", "Nama", msg.CallName(g.Author), "Count", len(g.Reports)),
			Data: msg.Callback{Op: msg.OpQueue, Arg: "g" + view.token}}},
		[]msg.Button{{Label: msg.T("approval.button_back_list"), Data: msg.Callback{Op: msg.OpQueue, Arg: "p" + strconv.Itoa(page)}}})
	return msg.Reply{
		Text: msg.T("approval.group_detail", "Nama", g.Author, "NIP", g.NIP, "Date", msg.Date(g.Date),
			"Count", len(g.Reports), "Menit", g.minutes(), "Items", lines),
		Buttons: rows,
	}, nil
}

// personDayOf is personDay of report id's author and day.
func personDayOf(ctx context.Context, c *Ctx, id int64) (msg.Reply, error) {
	v, err := c.d.Decisions.Card(ctx, id)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		return queuePage(ctx, c, atoi(c.Session.Views[queuePageKey]))
	}
	if err != nil {
		return msg.Reply{}, err
	}
	return personDay(ctx, c, v.Aktivitas.PegawaiID, v.Aktivitas.Tanggal)
}

// queueView is one rendering of the queue (a page of the list, or a
// person's day), kept in the session: for each of its buttons, what it
// stands for (a person's day; the reports and versions a "Setujui semua"
// covers).
type queueView struct {
	s     *Session
	token string
}

const (
	queueViewPrefix = "q."
	queuePageKey    = "qpage" // the list's page last shown: where "back" goes
	kQueuePegawai   = "pegawai"
)

func newQueueView(s *Session) queueView {
	// Only the latest rendering is kept: older renderings' buttons expire.
	for k := range s.Views {
		if strings.HasPrefix(k, queueViewPrefix) {
			delete(s.Views, k)
		}
	}
	if s.Views == nil {
		s.Views = map[string]string{}
	}
	n, _ := strconv.Atoi(s.Views["qseq"])
	n = (n + 1) % 1000
	s.Views["qseq"] = strconv.Itoa(n)
	return queueView{s: s, token: strconv.Itoa(n)}
}

func (v queueView) keep(button string, d map[string]string) {
	for k, val := range d {
		v.s.Views[queueViewPrefix+v.token+"."+button+"."+k] = val
	}
}

// seen returns what a button of rendering token stood for (nil when that
// rendering is not the latest one).
func seen(s *Session, token, button string) map[string]string {
	d := map[string]string{}
	for _, k := range []string{kBulkItems, kBulkNama, kBulkDate, kBulkPeople, kQueuePegawai} {
		if v, ok := s.Views[queueViewPrefix+token+"."+button+"."+k]; ok && v != "" {
			d[k] = v
		}
	}
	if len(d) == 0 {
		return nil
	}
	return d
}

func queueCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	arg := in.Callback.Arg
	if in.Callback.ID != 0 {
		// A report's own button in a person's list.
		pr, ok := parsePress(in.Callback.ID, arg, "sktbx", originQueue)
		if !ok {
			c.d.Decisions.RecordRefusal(ctx, c.User.Pegawai.ID, max(in.Callback.ID, 0), msg.OpQueue, "malformed", false)
			return expired()
		}
		return reportPress(ctx, e, c, in, pr)
	}
	if len(arg) < 2 {
		return expired()
	}
	if arg[0] == 'p' {
		page, err := strconv.Atoi(arg[1:])
		if err != nil || page < 0 {
			return expired()
		}
		r, err := queuePage(ctx, c, page)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}}, err
	}
	token, group, _ := strings.Cut(arg[1:], ".")
	var d map[string]string
	switch arg[0] {
	case 'o':
		d = seen(c.Session, token, "g"+group)
	case 'g':
		d = seen(c.Session, token, "g")
	case 'a':
		d = seen(c.Session, token, "a")
	}
	if d == nil || arg[0] != 'o' && d[kBulkItems] == "" {
		// A button of an older rendering (or a forged one): show the queue
		// as it is now instead of guessing what was meant.
		r, err := queuePage(ctx, c, 0)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}, Answer: &msg.Text{ID: "approval.queue_changed"}}, err
	}
	if arg[0] == 'o' {
		date, err := kinerja.ParseDate(d[kBulkDate])
		if err != nil {
			return expired()
		}
		r, err := personDay(ctx, c, atoi64(d[kQueuePegawai]), date)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}}, err
	}
	// From now on a report this person approves is this bulk's doing; one
	// approved before it is not (a leftover button must not claim it).
	d[kBulkSince] = c.Now.UTC().Format(time.RFC3339Nano)
	d[kBulkPage] = c.Session.Views[queuePageKey]
	replies, err := e.Resume(ctx, c, bulkName, "konfirmasi", d)
	return Result{Replies: replies}, err
}

// ---- bulk approval: confirm, then decide each ----

const (
	bulkName    = "setujui_semua"
	kBulkItems  = "items" // "id:version id:version …", exactly what was shown
	kBulkNama   = "nama"  // one person-day: whose
	kBulkDate   = "date"  // one person-day: which day
	kBulkPeople = "people"
	kBulkSince  = "since" // when the bulk was asked for (RFC 3339)
	kBulkPage   = "page"  // the list's page to go back to
)

func bulkData(groups []queueGroup) map[string]string {
	var items []string
	for _, g := range groups {
		for _, r := range g.Reports {
			items = append(items, itoa64(r.ID)+":"+strconv.Itoa(r.Version))
		}
	}
	d := map[string]string{kBulkItems: strings.Join(items, " "), kBulkPeople: strconv.Itoa(people(groups))}
	if len(groups) == 1 {
		d[kBulkNama], d[kBulkDate] = groups[0].Author, groups[0].Date.String()
	}
	return d
}

func bulkQuestion(c *Ctx) msg.Text {
	s := c.Session
	n := len(strings.Fields(s.Get(kBulkItems)))
	if d, err := kinerja.ParseDate(s.Get(kBulkDate)); err == nil {
		return msg.T("approval.bulk_confirm_one", "Count", n, "Nama", s.Get(kBulkNama), "Date", msg.Date(d))
	}
	people, _ := strconv.Atoi(s.Get(kBulkPeople))
	return msg.T("approval.bulk_confirm_many", "Count", n, "People", people)
}

var bulkFlow = &Flow{
	Name:  bulkName,
	Title: msg.T("flow.setujui_semua"),
	Start: "konfirmasi",
	Steps: map[string]*Step{
		"konfirmasi": {
			Enter: prompt(func(c *Ctx) msg.Reply {
				n := len(strings.Fields(c.Session.Get(kBulkItems)))
				return msg.Reply{
					Text:    bulkQuestion(c),
					Buttons: [][]msg.Button{{c.Choice(msg.T("approval.button_bulk_yes", "Count", n), "ya"), c.CancelButton()}},
				}
			}),
			Handle: handleBulk,
		},
	},
}

func handleBulk(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindCallback || in.Callback.Arg != "ya" {
		return Stay, nil, invalid("input.use_buttons")
	}
	approved, already, skipped := 0, 0, 0
	since, _ := time.Parse(time.RFC3339Nano, c.Session.Get(kBulkSince))
	for _, item := range strings.Fields(c.Session.Get(kBulkItems)) {
		idStr, verStr, _ := strings.Cut(item, ":")
		version, _ := strconv.Atoi(verStr)
		_, err := c.d.Decisions.Decide(ctx, Decision{
			AktivitasID: atoi64(idStr), Version: version, Action: kinerja.ActionSetujui,
			ActorID: c.User.Pegawai.ID, Today: c.Today(),
		})
		switch kinerja.ErrorCode(err) {
		case "":
			approved++
		case kinerja.CodeInternal:
			return Stay, nil, err
		default:
			if st, mine := decidedByMe(err, c.User.Pegawai.ID); mine && st == kinerja.StatusDisetujui {
				_, args := kinerja.ErrorMessage(err)
				// Strictly after: the ask and the confirmation are two
				// updates, and a frozen clock (tests) must not count an
				// older approval as this bulk's.
				if at, ok := args["At"].(time.Time); ok && !since.IsZero() && at.After(since) {
					approved++ // approved by this same bulk, handled a second time
				} else {
					already++ // approved before this bulk was asked for
				}
				continue
			}
			// Decided meanwhile, changed by its author (a new version the
			// assessor has not seen), withdrawn, or no longer theirs.
			skipped++
		}
	}
	done := msg.Say("approval.bulk_done", "Approved", approved, "Already", already, "Skipped", skipped)
	done.Buttons = [][]msg.Button{{{Label: msg.T("approval.button_back_list"),
		Data: msg.Callback{Op: msg.OpQueue, Arg: "p" + strconv.Itoa(atoi(c.Session.Get(kBulkPage)))}}}}
	return Done, []msg.Reply{done}, nil
}

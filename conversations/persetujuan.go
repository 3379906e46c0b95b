package conversations

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /persetujuan: the assessor's queue of reports waiting for a decision,
// grouped by person and day, a page at a time, with "Setujui semua (N)" per
// person-day and for everything shown. A bulk approval asks for
// confirmation first (a short flow that keeps the exact reports and versions
// shown), then decides each report in its own transaction: a report decided
// or changed meanwhile is skipped and counted, never approved unseen.

const queueGroupsPerPage = 5

// queueGroup is one person's pending reports of one day.
type queueGroup struct {
	Author  string
	NIP     string
	Date    kinerja.Date
	Reports []PendingReport
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
		if n > 0 && out[n-1].NIP == r.AuthorNIP && out[n-1].Date == r.Tanggal {
			out[n-1].Reports = append(out[n-1].Reports, r)
			continue
		}
		out = append(out, queueGroup{Author: r.AuthorNama, NIP: r.AuthorNIP, Date: r.Tanggal, Reports: []PendingReport{r}})
	}
	return out
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

func queuePage(ctx context.Context, c *Ctx, page int) (msg.Reply, error) {
	groups, err := c.pending(ctx)
	if err != nil {
		return msg.Reply{}, err
	}
	if len(groups) == 0 {
		return msg.Reply{Text: msg.T("approval.queue_empty")}, nil
	}
	pages := (len(groups) + queueGroupsPerPage - 1) / queueGroupsPerPage
	page = min(max(page, 0), pages-1)
	shown := groups[page*queueGroupsPerPage : min((page+1)*queueGroupsPerPage, len(groups))]
	view := newQueueView(c.Session)
	lines := make(msg.Lines, 0, len(shown))
	var rows [][]msg.Button
	total := 0
	var all []queueGroup
	for i, g := range shown {
		n := page*queueGroupsPerPage + i + 1
		total += len(g.Reports)
		all = append(all, g)
		view.keep("g"+strconv.Itoa(i), []queueGroup{g})
		lines = append(lines, msg.T("approval.queue_line", "N", n, "Nama", g.Author, "Date", msg.ShortDate(g.Date), "Count", len(g.Reports), "Menit", g.minutes()))
		ref := view.token + "." + strconv.Itoa(i)
		rows = append(rows, []msg.Button{
			{Label: msg.T("approval.button_detail", "N", n), Data: msg.Callback{Op: msg.OpQueue, Arg: "r" + ref}},
			{Label: msg.T("approval.button_approve_group", "N", n, "Count", len(g.Reports)), Data: msg.Callback{Op: msg.OpQueue, Arg: "g" + ref}},
		})
	}
	view.keep("a", all)
	rows = append(rows, []msg.Button{{Label: msg.T("approval.button_approve_all", "Count", total), Data: msg.Callback{Op: msg.OpQueue, Arg: "a" + view.token}}})
	var nav []msg.Button
	if page > 0 {
		nav = append(nav, msg.Button{Label: msg.T("button.prev"), Data: msg.Callback{Op: msg.OpQueue, Arg: "p" + strconv.Itoa(page-1)}})
	}
	if page < pages-1 {
		nav = append(nav, msg.Button{Label: msg.T("button.next"), Data: msg.Callback{Op: msg.OpQueue, Arg: "p" + strconv.Itoa(page+1)}})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	count := 0
	for _, g := range groups {
		count += len(g.Reports)
	}
	return msg.Reply{
		Text:    msg.T("approval.queue", "Count", count, "People", len(groups), "Items", lines, "Page", page+1, "Pages", pages),
		Buttons: rows,
	}, nil
}

// queueView is one rendering of a queue page, kept in the session: for each
// button, the reports (id:version) it stands for and whose they are.
type queueView struct {
	s     *Session
	token string
}

const queueViewPrefix = "q."

func newQueueView(s *Session) queueView {
	// Only the latest rendering is kept: older pages' buttons expire.
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

func (v queueView) keep(button string, groups []queueGroup) {
	d := bulkData(groups)
	for k, val := range d {
		v.s.Views[queueViewPrefix+v.token+"."+button+"."+k] = val
	}
}

// seen returns what a button of rendering token stood for (nil when that
// rendering is not the latest one).
func seen(s *Session, token, button string) map[string]string {
	items, ok := s.Views[queueViewPrefix+token+"."+button+"."+kBulkItems]
	if !ok || items == "" {
		return nil
	}
	d := map[string]string{kBulkItems: items}
	for _, k := range []string{kBulkNama, kBulkDate, kBulkPeople} {
		d[k] = s.Views[queueViewPrefix+token+"."+button+"."+k]
	}
	return d
}

func queueCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	arg := in.Callback.Arg
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
	button := "a"
	if arg[0] != 'a' {
		button = "g" + group
	}
	var d map[string]string
	switch arg[0] {
	case 'r', 'g', 'a':
		d = seen(c.Session, token, button)
	}
	if d == nil {
		// A button of an older rendering (or a forged one): show the queue
		// as it is now instead of guessing what was meant.
		r, err := queuePage(ctx, c, 0)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}, Answer: &msg.Text{ID: "approval.queue_changed"}}, err
	}
	if arg[0] == 'r' {
		r, err := groupDetail(ctx, c, d)
		return Result{Replies: []msg.Reply{r}}, err
	}
	// From now on a report this person approves is this bulk's doing; one
	// approved before it is not (a leftover button must not claim it).
	d[kBulkSince] = c.Now.UTC().Format(time.RFC3339Nano)
	replies, err := e.Resume(ctx, c, bulkName, "konfirmasi", d)
	return Result{Replies: replies}, err
}

// groupDetail lists the reports a group button stood for that still wait
// at the version shown (what a bulk approval would cover), within
// Telegram's length limit.
func groupDetail(ctx context.Context, c *Ctx, d map[string]string) (msg.Reply, error) {
	want := map[string]bool{}
	for _, it := range strings.Fields(d[kBulkItems]) {
		want[it] = true
	}
	list, err := c.d.Decisions.PendingFor(ctx, c.User.Pegawai.ID, c.Today())
	if err != nil {
		return msg.Reply{}, err
	}
	var rs []PendingReport
	for _, r := range list {
		if want[itoa64(r.ID)+":"+strconv.Itoa(r.Version)] {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return msg.Reply{Text: msg.T("approval.queue_changed")}, nil
	}
	const maxLines = 25
	lines := make(msg.Lines, 0, min(len(rs), maxLines)+1)
	minutes := 0
	for i, r := range rs {
		minutes += r.Menit
		if i < maxLines {
			lines = append(lines, msg.T("approval.detail_line", "N", i+1, "Teks", msg.Shorten(r.Deskripsi, 90), "Volume", r.Volume, "Satuan", r.Satuan, "Menit", r.Menit))
		}
	}
	if len(rs) > maxLines {
		lines = append(lines, msg.T("approval.detail_more", "Count", len(rs)-maxLines))
	}
	return msg.Reply{Text: msg.T("approval.group_detail", "Nama", rs[0].AuthorNama, "NIP", rs[0].AuthorNIP, "Date", msg.Date(rs[0].Tanggal), "Items", lines, "Menit", minutes)}, nil
}

// ---- bulk approval: confirm, then decide each ----

const (
	bulkName    = "setujui_semua"
	kBulkItems  = "items" // "id:version id:version …", exactly what was shown
	kBulkNama   = "nama"  // one person-day: whose
	kBulkDate   = "date"  // one person-day: which day
	kBulkPeople = "people"
	kBulkSince  = "since" // when the bulk was asked for (RFC 3339)
)

func bulkData(groups []queueGroup) map[string]string {
	var items []string
	people := map[string]bool{}
	for _, g := range groups {
		people[g.NIP] = true
		for _, r := range g.Reports {
			items = append(items, itoa64(r.ID)+":"+strconv.Itoa(r.Version))
		}
	}
	d := map[string]string{kBulkItems: strings.Join(items, " "), kBulkPeople: strconv.Itoa(len(people))}
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
	return Done, []msg.Reply{msg.Say("approval.bulk_done", "Approved", approved, "Already", already, "Skipped", skipped)}, nil
}

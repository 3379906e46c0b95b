package conversations

import (
	"context"
	"strconv"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /riwayat: the person's reports of a month, newest day first, a page at a
// time; each opens to its detail, where a submitted report can be changed or
// withdrawn and a returned one changed and sent again.
//
// Its buttons are not tied to a step (the list stays useful after other
// flows), so every press is checked on the server: the report must be the
// presser's own and in a state that allows the action.

const historyPageSize = 8

func riwayatCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	r, err := historyPage(ctx, c, c.Today().MonthStart(), 0)
	return Result{Replies: []msg.Reply{r}}, err
}

// needLinked answers people who cannot use a feature yet.
func needLinked(c *Ctx) (Result, bool) {
	switch p := c.User.Pegawai; {
	case p == nil:
		return Result{Replies: []msg.Reply{{Text: msg.T("onboarding.not_linked"), Keyboard: contactKeyboard}}}, false
	case !p.Aktif:
		return Result{Replies: []msg.Reply{msg.Say("onboarding.pegawai_inactive")}}, false
	}
	return Result{}, true
}

func monthArg(m kinerja.Date, page int) string {
	return "m" + msg.MonthCode(m) + "." + strconv.Itoa(page)
}

func parseMonthArg(arg string) (kinerja.Date, int, bool) {
	ym, pg, ok := strings.Cut(strings.TrimPrefix(arg, "m"), ".")
	m, okMonth := msg.ParseMonthCode(ym)
	page, err := strconv.Atoi(pg)
	if !ok || !okMonth || err != nil || page < 0 || m.Year < 2000 || m.Year > 2100 {
		return kinerja.Date{}, 0, false
	}
	return m, page, true
}

// historyPage renders one page of a month's reports.
func historyPage(ctx context.Context, c *Ctx, month kinerja.Date, page int) (msg.Reply, error) {
	list, err := c.d.Reports.AktivitasBetween(ctx, c.User.Pegawai.ID, month, month.MonthEnd())
	if err != nil {
		return msg.Reply{}, err
	}
	pages := max((len(list)+historyPageSize-1)/historyPageSize, 1)
	page = min(page, pages-1)
	monthName := msg.Month(month)
	var rows [][]msg.Button
	var row []msg.Button
	total := 0
	for _, a := range list {
		if a.Status != kinerja.StatusDitolak && a.Status != kinerja.StatusDitarik {
			total += a.Menit
		}
	}
	shown := list[page*historyPageSize : min((page+1)*historyPageSize, len(list))]
	for i, a := range shown {
		n := page*historyPageSize + i + 1
		row = append(row, msg.Button{Label: msg.T("report.history_open", "N", n), Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: "v"}})
		if len(row) == 4 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	var nav []msg.Button
	if page > 0 {
		nav = append(nav, msg.Button{Label: msg.T("button.prev"), Data: msg.Callback{Op: msg.OpHistory, Arg: monthArg(month, page-1)}})
	}
	if page < pages-1 {
		nav = append(nav, msg.Button{Label: msg.T("button.next"), Data: msg.Callback{Op: msg.OpHistory, Arg: monthArg(month, page+1)}})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	prev := month.AddMonths(-1)
	monthNav := []msg.Button{{Label: msg.T("report.history_month_button", "Month", msg.Month(prev), "Arrow", "◀"), Data: msg.Callback{Op: msg.OpHistory, Arg: monthArg(prev, 0)}}}
	if next := month.AddMonths(1); !c.Today().Before(next) {
		monthNav = append(monthNav, msg.Button{Label: msg.T("report.history_month_button", "Month", msg.Month(next), "Arrow", "▶"), Data: msg.Callback{Op: msg.OpHistory, Arg: monthArg(next, 0)}})
	}
	rows = append(rows, monthNav)

	if len(list) == 0 {
		return msg.Reply{Text: msg.T("report.history_empty", "Month", monthName), Buttons: rows}, nil
	}
	items := make(msg.Lines, 0, len(shown))
	for i, a := range shown {
		items = append(items, msg.T("report.history_line",
			"N", page*historyPageSize+i+1,
			"Date", msg.ShortDate(a.Tanggal),
			"Status", msg.T("status."+string(a.Status)),
			"Menit", a.Menit,
			"Teks", msg.Shorten(a.Deskripsi, 60)))
	}
	return msg.Reply{
		Text:    msg.T("report.history", "Month", monthName, "Items", items, "Total", total, "Page", page+1, "Pages", pages),
		Buttons: rows,
	}, nil
}

// historyCallback handles every /riwayat button.
func historyCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	arg := in.Callback.Arg
	if strings.HasPrefix(arg, "m") {
		month, page, ok := parseMonthArg(arg)
		if !ok || c.Today().Before(month) {
			return expired()
		}
		r, err := historyPage(ctx, c, month, page)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}}, err
	}
	a, err := c.d.Reports.AktivitasByID(ctx, in.Callback.ID)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound || (err == nil && a.PegawaiID != c.User.Pegawai.ID) {
		// Not the presser's report: refuse without saying whose it is.
		return Result{Answer: &msg.Text{ID: "aktivitas.not_found"}}, nil
	}
	if err != nil {
		return Result{}, err
	}
	switch {
	case arg == "v":
		return Result{Replies: []msg.Reply{reportDetail(ctx, c, a)}}, nil
	case arg == "e":
		if a.Status != kinerja.StatusDiajukan && a.Status != kinerja.StatusDikembalikan {
			return Result{Answer: &msg.Text{ID: "report.cannot_change", Args: map[string]any{"Status": msg.T("status." + string(a.Status))}}}, nil
		}
		if _, parked := c.Session.Parked[laporName]; c.Session.Flow == laporName || parked {
			// One report at a time: the one being filled in (or kept aside)
			// is not thrown away.
			return Result{Replies: []msg.Reply{msg.Say("report.finish_current_first")}}, nil
		}
		replies, err := editReport(ctx, e, c, a)
		return Result{Replies: append([]msg.Reply{{Edit: true, RemoveButtons: true}}, replies...)}, err
	case arg == "t":
		if a.Status != kinerja.StatusDiajukan {
			return Result{Answer: &msg.Text{ID: "report.cannot_withdraw", Args: map[string]any{"Status": msg.T("status." + string(a.Status))}}}, nil
		}
		return Result{Replies: []msg.Reply{{
			Text: msg.T("report.withdraw_confirm", "Date", msg.Date(a.Tanggal), "Teks", msg.Shorten(a.Deskripsi, 80)),
			Buttons: [][]msg.Button{{
				{Label: msg.T("button.withdraw_yes"), Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: "ty" + strconv.Itoa(a.Version)}},
				{Label: msg.T("button.withdraw_no"), Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: "v"}},
			}},
			Edit: true,
		}}}, nil
	case strings.HasPrefix(arg, "ty"):
		version, err := strconv.Atoi(arg[2:])
		if err != nil {
			return expired()
		}
		if _, err := c.d.Reports.WithdrawAktivitas(ctx, a.ID, version, c.User.Pegawai.ID); err != nil {
			if code := kinerja.ErrorCode(err); code == kinerja.CodeInternal {
				return Result{}, err
			}
			return Result{Replies: []msg.Reply{{Text: authorRefusal(err), Edit: true}}}, nil
		}
		return Result{Replies: []msg.Reply{{Text: msg.T("report.withdrawn", "Date", msg.Date(a.Tanggal)), Edit: true}}}, nil
	}
	return expired()
}

// reportDetail shows one report with what can be done to it now. It
// replaces the list message (an edit), so no old buttons are left behind.
func reportDetail(ctx context.Context, c *Ctx, a kinerja.Aktivitas) msg.Reply {
	rhk := kategoriText(a.Kategori)
	if a.Kategori == kinerja.KategoriRHK {
		rhk = msg.T("report.rhk_unknown")
		if list, err := c.d.Reports.ActiveRHK(ctx, a.PegawaiID, a.Tanggal.Year); err == nil {
			for _, r := range list {
				if r.ID == a.RHKID {
					rhk = msg.T("report.rhk_button", "Kode", r.Kode, "Teks", msg.Shorten(r.Teks, 120))
				}
			}
		}
	}
	reason := ""
	if a.Status == kinerja.StatusDikembalikan || a.Status == kinerja.StatusDitolak {
		reason = a.Reason
	}
	var rows [][]msg.Button
	switch a.Status {
	case kinerja.StatusDiajukan:
		rows = append(rows, []msg.Button{
			{Label: msg.T("button.change"), Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: "e"}},
			{Label: msg.T("button.withdraw"), Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: "t"}},
		})
	case kinerja.StatusDikembalikan:
		rows = append(rows, []msg.Button{{Label: msg.T("button.fix_resubmit"), Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: "e"}}})
	}
	rows = append(rows, []msg.Button{{Label: msg.T("button.back_to_list"), Data: msg.Callback{Op: msg.OpHistory, Arg: monthArg(a.Tanggal.MonthStart(), 0)}}})
	return msg.Reply{
		Text: msg.T("report.detail",
			"Date", msg.Date(a.Tanggal),
			"RHK", rhk,
			"Deskripsi", a.Deskripsi,
			"Volume", a.Volume,
			"Satuan", a.Satuan,
			"Menit", a.Menit,
			"Bukti", msg.T("report.files", "Count", len(a.Bukti)),
			"Status", msg.T("status."+string(a.Status)),
			"Alasan", reason,
		),
		Buttons: rows,
		Edit:    true,
	}
}

var kategoriIDs = map[kinerja.Kategori]string{
	kinerja.KategoriTugasTambahan: "report.kategori_tugas_tambahan",
	kinerja.KategoriNonSKP:        "report.kategori_non_skp",
}

// kategoriText names a report category.
func kategoriText(k kinerja.Kategori) msg.Text {
	return msg.T(idOr(kategoriIDs, k, "report.kategori_rhk"))
}

package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
	"kinerjabot/locales"
)

// adminBulkInviteRequest is one "kinerjabot invite --opd".
type adminBulkInviteRequest struct {
	OPD           string
	OnlyUnlinked  bool
	TTL           time.Duration
	Out           string
	Actor         string
	Bot           string // --bot, "" to ask getMe
	Token, APIURL string
	Location      *time.Location
}

// inviteHeader is the bulk invitations' file: ready for a mail merge.
var inviteHeader = []string{"NIP", "Nama", "Unit Kerja", "Tautan", "Berlaku Sampai"}

// runBulkInvite creates an invitation for every active person of an OPD
// not linked yet and writes them to a file (.xlsx or .csv). The bot's
// username is needed for the links: without it nothing is created.
func runBulkInvite(ctx context.Context, open adminOpenDB, req adminBulkInviteRequest) adminReport {
	var rep adminReport
	actor, ok := adminActor(ctx, open, &rep, "invite.internal", req.Actor)
	if !ok {
		return rep
	}
	bot := strings.TrimPrefix(req.Bot, "@")
	if bot == "" {
		if req.Token == "" {
			rep.Code = 1
			rep.err("invite.bulk_no_bot", nil)
			return rep
		}
		var err error
		if bot, err = botUsername(ctx, req.APIURL, req.Token); err != nil {
			rep.Code = 1
			rep.err("invite.bulk_getme_failed", map[string]any{"Reason": err.Error()})
			return rep
		}
	}
	db, err := open(ctx)
	if err != nil {
		rep.failAs("invite.internal", "", err)
		return rep
	}
	opd, name, err := db.OPDByName(ctx, req.OPD)
	if err != nil {
		rep.failAs("invite.internal", "", err)
		return rep
	}
	members, err := db.OPDMembers(ctx, opd)
	if err != nil {
		rep.failAs("invite.internal", "", err)
		return rep
	}
	// The file is checked before any invitation is made: a new invitation
	// ends the person's older links, which must not happen for nothing.
	if f, err := os.OpenFile(req.Out, os.O_WRONLY|os.O_CREATE, 0o644); err != nil {
		rep.Code = 1
		rep.err("invite.bulk_unwritable", map[string]any{"File": req.Out, "Reason": err.Error()})
		return rep
	} else {
		f.Close()
	}
	rows := [][]string{inviteHeader}
	created, linked := 0, 0
	var until time.Time
	for _, m := range members {
		if m.Linked {
			linked++
			if !req.OnlyUnlinked {
				rows = append(rows, []string{m.NIP, m.Nama, m.Unit, "(sudah terhubung)", ""})
			}
			continue
		}
		payload, expires, err := db.CreateInvite(ctx, m.NIP, req.TTL, actor)
		switch kinerja.ErrorCode(err) {
		case kinerja.CodeConflict, kinerja.CodeForbidden:
			// Linked or deactivated since the list was read: no link, the
			// others go on.
			rows = append(rows, []string{m.NIP, m.Nama, m.Unit, "(tidak diundang: sudah terhubung atau nonaktif)", ""})
			continue
		}
		if err != nil {
			// The links made so far are in the file (the older ones of
			// those people no longer work).
			_ = writeTable(req.Out, "Undangan", rows)
			rep.failAs("invite.internal", "", err)
			return rep
		}
		until = expires
		created++
		rows = append(rows, []string{m.NIP, m.Nama, m.Unit, "https://t.me/" + bot + "?start=" + payload,
			locales.Instant(expires, req.Location)})
	}
	if err := writeTable(req.Out, "Undangan", rows); err != nil {
		rep.Code = 1
		rep.err("invite.bulk_unwritable", map[string]any{"File": req.Out, "Reason": err.Error()})
		return rep
	}
	rep.out("invite.bulk_done", map[string]any{"Count": created, "OPD": name, "File": req.Out, "Expires": until})
	if linked > 0 {
		rep.out("invite.bulk_linked", map[string]any{"Count": linked, "Listed": !req.OnlyUnlinked})
	}
	return rep
}

// writeTable writes rows (the first is the header) to path: an .xlsx
// workbook (every cell text, so NIPs keep their digits; frozen header) or
// a CSV file.
func writeTable(path, sheet string, rows [][]string) error {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		if err := w.WriteAll(rows); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	text, err := x.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := x.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
	if err := x.SetCellStyle(sheet, "A2", last, text); err != nil {
		return err
	}
	if err := x.SetCellStyle(sheet, "A1", strings.TrimRight(last, "0123456789")+"1", bold); err != nil {
		return err
	}
	for j, w := range []float64{21, 32, 34, 60, 20} {
		col, _ := excelize.ColumnNumberToName(j + 1)
		_ = x.SetColWidth(sheet, col, col, w)
	}
	if err := x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if len(rows) > 1 {
		if err := x.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return err
		}
	}
	return x.SaveAs(path)
}

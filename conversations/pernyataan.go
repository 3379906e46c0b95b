package conversations

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// "Saya cuti / dinas luar hari ini" (issue 15). The afternoon nudge has the
// button, and so has /lapor's RHK list for today: it turns its message into
// the choice — Cuti, Sakit, Dinas luar, and Batal, which gives the nudge
// (or the RHK list) back. A choice declares today (the store records it,
// audits it and enqueues the one request to the assessor) and turns into
// what was done. The assessor's request has Konfirmasi and Tolak; a press
// is authorised by the store in the decision's own transaction (the
// declarer's atasan, or today's Plt/Plh of that atasan), turns the request
// into its outcome, and the declarer is told by one message (a job). Every
// press is checked against who pressed it; a forged, stale or replayed one
// is answered with what is true now and audited.

// Declarations is what the declared-day buttons read and change.
type Declarations interface {
	// DeclareDay records pegawaiID's declaration of day (today) as jenis,
	// from nudge pengingatID (0: /lapor), and asks one assessor to confirm
	// it. A second declaration of the day is CodeConflict "pernyataan.sudah",
	// returned with the first.
	DeclareDay(ctx context.Context, pegawaiID int64, day kinerja.Date, jenis string, pengingatID int64) (kinerja.DayDeclaration, error)
	// DeclarationOn returns the person's live declaration of d (nil: none).
	DeclarationOn(ctx context.Context, pegawaiID int64, d kinerja.Date) (*kinerja.DayDeclaration, error)
	// DecideDeclaration confirms or refuses a waiting declaration as
	// actorID (authorised, audited; refusals audited). A decided one is
	// CodeConflict "pernyataan.sudah_diputuskan", returned with its state.
	DecideDeclaration(ctx context.Context, id, actorID int64, confirm bool, today kinerja.Date) (kinerja.DayDeclaration, error)
	// RecordDeclarationRefusal audits a refused press that reached no
	// declaration (a forged or stale button).
	RecordDeclarationRefusal(ctx context.Context, actorID, id int64, action, why string)
}

// The audited names of the presses (the store's actions).
const (
	actDeclare = "nyatakan_hari"
	actConfirm = "konfirmasi_hari"
	actRefuse  = "tolak_hari"
)

// declareChoice is the choice for today, from nudge reminderID (0: /lapor),
// or why today cannot be declared (refused: its text).
func declareChoice(ctx context.Context, c *Ctx, reminderID int64) (msg.Reply, *msg.Text, error) {
	today := c.Today()
	if !c.d.Rules.IsWorkingWeekday(today) {
		return msg.Reply{}, &msg.Text{ID: "pernyataan.bukan_hari_kerja"}, nil
	}
	holiday, _, err := c.d.Reports.DayOff(ctx, c.User.Pegawai.ID, today)
	if err != nil {
		return msg.Reply{}, nil, err
	}
	if holiday != "" {
		t := msg.T("pernyataan.libur", "Name", holiday)
		return msg.Reply{}, &t, nil
	}
	cur, err := c.d.Declarations.DeclarationOn(ctx, c.User.Pegawai.ID, today)
	if err != nil {
		return msg.Reply{}, nil, err
	}
	if cur != nil {
		t := declaredAlready(*cur)
		return msg.Reply{}, &t, nil
	}
	return msg.DeclareChoice(reminderID, today), nil, nil
}

// declaredAlready says that (and how) today was declared already.
func declaredAlready(v kinerja.DayDeclaration) msg.Text {
	state := msg.T("pernyataan.status_disetujui")
	if v.Status == kinerja.DeclarationDiajukan {
		state = msg.T("pernyataan.status_diajukan", "Atasan", v.PenerimaNama)
	}
	return msg.T("pernyataan.sudah", "Kind", msg.LeaveKind(v.Jenis), "Status", state)
}

// declareFromReminder is the nudge's button: the nudge turns into the
// choice (one edit).
func declareFromReminder(ctx context.Context, c *Ctx, rem kinerja.Reminder) (Result, error) {
	if rem.Tanggal != c.Today() {
		return Result{Answer: &msg.Text{ID: "pernyataan.lewat", Args: map[string]any{"Date": msg.Date(rem.Tanggal)}}}, nil
	}
	r, refused, err := declareChoice(ctx, c, rem.ID)
	if err != nil || refused != nil {
		return Result{Answer: refused}, err
	}
	r.Edit = true
	return Result{Replies: []msg.Reply{r}}, nil
}

// declareCallback is a press on the choice.
func declareCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	me := c.User.Pegawai.ID
	letter, day, ok := msg.ParseDeclareArg(in.Callback.Arg)
	var nudge *kinerja.Reminder
	if ok && in.Callback.ID != 0 {
		rem, err := c.d.Reminders.Reminder(ctx, in.Callback.ID)
		switch code := kinerja.ErrorCode(err); {
		case code == kinerja.CodeInternal:
			return Result{}, err
		case err != nil || rem.PegawaiID != me || rem.Jenis != kinerja.ReminderHarian || rem.Tanggal != day:
			ok = false // not this person's nudge of that day: a forged or forwarded button
		}
		nudge = &rem
	}
	if !ok {
		c.d.Declarations.RecordDeclarationRefusal(ctx, me, 0, actDeclare, string(kinerja.CodeForbidden))
		return expired()
	}
	if letter == msg.DeclareBatal {
		if nudge != nil {
			text, rows := msg.DailyNudge(nudge.ID, c.User.Pegawai.Nama, nudge.Tanggal, true)
			return Result{Replies: []msg.Reply{{Text: text, Buttons: rows, Edit: true}}}, nil
		}
		res, err := startReport(ctx, e, c, c.Today(), false)
		res.Replies = inPlace(res.Replies)
		return res, err
	}
	today := c.Today()
	if day != today {
		// A choice left over from another day declares nothing.
		c.d.Declarations.RecordDeclarationRefusal(ctx, me, 0, actDeclare, string(kinerja.CodeConflict))
		return Result{Answer: &msg.Text{ID: "pernyataan.lewat", Args: map[string]any{"Date": msg.Date(day)}},
			Replies: []msg.Reply{{Edit: true, RemoveButtons: true}}}, nil
	}
	if _, refused, err := declareChoice(ctx, c, 0); err != nil {
		return Result{}, err
	} else if refused != nil {
		return Result{Replies: []msg.Reply{{Text: *refused, Edit: true}}}, nil
	}
	var from int64
	if nudge != nil {
		from = nudge.ID
	}
	v, err := c.d.Declarations.DeclareDay(ctx, me, today, msg.DeclareKinds[letter], from)
	switch {
	case kinerja.ErrorCode(err) == kinerja.CodeInternal:
		return Result{}, err
	case err != nil && v.ID != 0:
		// Declared meanwhile (another device): what stands.
		return Result{Replies: []msg.Reply{{Text: declaredAlready(v), Edit: true}}}, nil
	case err != nil:
		id, args := kinerja.ErrorMessage(err)
		return Result{Replies: []msg.Reply{{Text: msg.Text{ID: id, Args: args}, Edit: true}}}, nil
	}
	done := "pernyataan.terkirim"
	if v.PenerimaID == 0 {
		done = "pernyataan.terkirim_tanpa"
	}
	return Result{Replies: []msg.Reply{{Edit: true, Text: msg.T(done, "Kind", msg.LeaveKind(v.Jenis), "Date", msg.Date(v.Tanggal),
		"Atasan", v.PenerimaNama, "Effect", msg.DeclarationEffect(v))}}}, nil
}

// declarationCallback is the assessor's Konfirmasi or Tolak on a request.
func declarationCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	me := c.User.Pegawai.ID
	var confirm bool
	switch in.Callback.Arg {
	case msg.ArgDeclarationConfirm:
		confirm = true
	case msg.ArgDeclarationRefuse:
	default:
		c.d.Declarations.RecordDeclarationRefusal(ctx, me, max(in.Callback.ID, 0), actConfirm, "malformed")
		return expired()
	}
	if in.Callback.ID <= 0 {
		c.d.Declarations.RecordDeclarationRefusal(ctx, me, 0, actConfirm, "malformed")
		return expired()
	}
	v, err := c.d.Declarations.DecideDeclaration(ctx, in.Callback.ID, me, confirm, c.Today())
	want := kinerja.DeclarationDitolak
	if confirm {
		want = kinerja.DeclarationDisetujui
	}
	id, args := kinerja.ErrorMessage(err)
	switch {
	case err == nil, id == "pernyataan.sudah_diputuskan" && v.DecidedBy == me && v.Status == want:
		// Done (or the same press handled again: it did win).
		toast := msg.T("pernyataan.ok_ditolak", "Name", v.Nama)
		if v.Status == kinerja.DeclarationDisetujui {
			toast = msg.T("pernyataan.ok_disetujui", "Name", v.Nama)
		}
		card := msg.DeclarationCard(v, false)
		card.Edit = true
		return Result{Answer: &toast, Replies: []msg.Reply{card}}, nil
	case kinerja.ErrorCode(err) == kinerja.CodeInternal:
		return Result{}, err
	case id == "pernyataan.sudah_diputuskan":
		// Decided before (by someone else, or otherwise): say so, and
		// show the request as it stands.
		toast := msg.T("pernyataan.sudah_ditolak", "By", msg.DecidedBy(v.DecidedByNama, v.OnBehalfOfNama, false), "At", v.DecidedAt)
		if v.Status == kinerja.DeclarationDisetujui {
			toast.ID = "pernyataan.sudah_disetujui"
		}
		card := msg.DeclarationCard(v, false)
		card.Edit = true
		return Result{Answer: &toast, Replies: []msg.Reply{card}}, nil
	}
	return Result{Answer: &msg.Text{ID: id, Args: args}}, nil
}

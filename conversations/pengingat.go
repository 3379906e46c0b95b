package conversations

import (
	"context"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The buttons on a reminder (sent by the notify package): Lapor sekarang
// starts /lapor, Tunda 1 jam has it come again an hour later (not into the
// night's quiet hours), Matikan pengingat ini turns its kind off (as
// /pengaturan would; the deadline warning has no such button), Buka
// persetujuan opens the queue, on the daily nudge "Saya cuti / dinas luar
// hari ini" declares the day away (pernyataan.go), and on an escalation
// Ingatkan sends the person a nudge from their supervisor. A supervisor's
// daily list has the buttons of /persetujuan's list: a person's day, and
// Setujui semua. Every press is checked against the reminder's recipient;
// the store authorises and audits again.

// Reminders is what a reminder's buttons read and change.
type Reminders interface {
	Reminder(ctx context.Context, id int64) (kinerja.Reminder, error)
	// SnoozeReminder has the recipient's sent reminder come again at until
	// (once; audited).
	SnoozeReminder(ctx context.Context, id, actorID int64, until time.Time) (kinerja.Reminder, error)
	// NudgeFromEscalation plans the supervisor's nudge to the person an
	// escalation is about (authorised, once a day, audited) and returns
	// the person.
	NudgeFromEscalation(ctx context.Context, id, actorID int64, today kinerja.Date) (kinerja.Pegawai, error)
}

func reminderCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	me := c.User.Pegawai.ID
	rem, err := c.d.Reminders.Reminder(ctx, in.Callback.ID)
	if code := kinerja.ErrorCode(err); code == kinerja.CodeNotFound {
		return expired()
	} else if err != nil {
		return Result{}, err
	}
	if rem.PegawaiID != me {
		// Not this person's reminder: a forged or forwarded button.
		return expired()
	}
	if rem.Jenis == kinerja.ReminderDaftar {
		return dailyListPress(ctx, e, c, in.Callback.Arg)
	}
	switch in.Callback.Arg {
	case msg.ArgReminderLapor:
		return laporCommand(ctx, e, c, in)
	case msg.ArgReminderPersetujuan:
		return persetujuanCommand(ctx, e, c, in)
	case msg.ArgReminderTunda:
		return snoozeReminder(ctx, c, rem)
	case msg.ArgReminderMatikan:
		return muteReminder(ctx, c, rem)
	case msg.ArgReminderCuti:
		if rem.Jenis == kinerja.ReminderHarian {
			return declareFromReminder(ctx, c, rem) // pernyataan.go
		}
	case msg.ArgReminderColek:
		if rem.Jenis != kinerja.ReminderEskalasi {
			break
		}
		who, err := c.d.Reminders.NudgeFromEscalation(ctx, rem.ID, me, c.Today())
		if err != nil {
			if kinerja.ErrorCode(err) == kinerja.CodeInternal {
				return Result{}, err
			}
			id, args := kinerja.ErrorMessage(err)
			return Result{Answer: &msg.Text{ID: id, Args: args}}, nil
		}
		return Result{Replies: []msg.Reply{msg.Say("pengingat.colek_ok", "Name", who.Nama)}}, nil
	}
	return expired()
}

// snoozeReminder has the reminder come again after the snooze, unless that
// falls in the quiet hours or on another day in the person's zone.
func snoozeReminder(ctx context.Context, c *Ctx, rem kinerja.Reminder) (Result, error) {
	prefs, err := c.d.Settings.ReminderPrefs(ctx, c.User.Pegawai.ID)
	if err != nil {
		return Result{}, err
	}
	zone := kinerja.ZoneLocation(prefs.Zona, c.d.Location)
	until := c.Now.Add(c.d.ReminderSnooze)
	local := until.In(zone)
	clock := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute
	jam := kinerja.FormatClock(clock)
	if c.Today() != rem.Tanggal {
		return Result{Replies: []msg.Reply{msg.Say("pengingat.tunda_lewat")}}, nil
	}
	if kinerja.DateOf(until, zone) != kinerja.DateOf(c.Now, zone) || clock < kinerja.ReminderEarliest || clock > kinerja.ReminderLatest ||
		kinerja.DateOf(until, c.d.Location) != rem.Tanggal {
		return Result{Replies: []msg.Reply{msg.Say("pengingat.tunda_larut", "Jam", jam)}}, nil
	}
	if _, err := c.d.Reminders.SnoozeReminder(ctx, rem.ID, c.User.Pegawai.ID, until); err != nil {
		if kinerja.ErrorCode(err) == kinerja.CodeInternal {
			return Result{}, err
		}
		id, args := kinerja.ErrorMessage(err)
		return Result{Answer: &msg.Text{ID: id, Args: args}}, nil
	}
	return Result{Replies: []msg.Reply{
		{Edit: true, RemoveButtons: true},
		msg.Say("pengingat.tunda_ok", "Jam", jam+" "+setZone(c, prefs)),
	}}, nil
}

// muteReminder turns the reminder's kind off for the person.
func muteReminder(ctx context.Context, c *Ctx, rem kinerja.Reminder) (Result, error) {
	if !rem.Jenis.Optional() {
		return Result{Answer: &msg.Text{ID: "pengingat.matikan_wajib"}}, nil
	}
	err := c.d.Settings.UpdateReminderPrefs(ctx, c.User.Pegawai.ID, func(p *kinerja.ReminderPrefs) {
		p.SetEnabled(rem.Jenis, false)
	})
	if err != nil {
		return Result{}, err
	}
	return Result{Replies: []msg.Reply{
		{Edit: true, RemoveButtons: true},
		msg.Say("pengingat.matikan_ok", "Nama", msg.T(setKindIDs[rem.Jenis])),
	}}, nil
}

// dailyListPress carries out a button of a supervisor's daily list of
// approvals, as /persetujuan's list would: a person's day turns the list
// into that day's reports, each with its buttons (the list's message
// becomes /persetujuan's from then on); "Setujui semua" asks to approve
// the reports the list showed — those waiting when it was made and not
// changed since, never one filed or changed later, which the supervisor
// has not seen — and approves each as /persetujuan does (authorised and
// audited one by one, the first click winning).
func dailyListPress(ctx context.Context, e *Engine, c *Ctx, arg string) (Result, error) {
	if id, day, ok := msg.ParseListPersonArg(arg); ok {
		r, err := personDay(ctx, c, id, day)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}}, err
	}
	shown, ok := msg.ParseListAllArg(arg)
	if !ok {
		return expired()
	}
	list, err := c.d.Decisions.PendingFor(ctx, c.User.Pegawai.ID, c.Today())
	if err != nil {
		return Result{}, err
	}
	seen := list[:0:0]
	for _, r := range list {
		if !r.UpdatedAt.After(shown) {
			seen = append(seen, r)
		}
	}
	if len(seen) == 0 {
		// Nothing it showed still waits: the list as it is now.
		r, err := queuePage(ctx, c, 0)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}, Answer: &msg.Text{ID: "approval.queue_changed"}}, err
	}
	d := bulkData(groupPending(seen))
	d[kBulkSince] = c.Now.UTC().Format(time.RFC3339Nano)
	d[kBulkPage] = "0"
	replies, err := e.Resume(ctx, c, bulkName, "konfirmasi", d)
	return Result{Replies: replies}, err
}

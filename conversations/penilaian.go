package conversations

import (
	"context"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /penilaian: when a period has ended, the assessor rates each person of
// the team: the figures first, then Rating Hasil Kerja and Rating Perilaku
// Kerja (Di Bawah / Sesuai / Di Atas Ekspektasi), optional feedback, and a
// confirmation. The predikat follows from the matrix; the store authorises
// the rating like a decision, refuses it while reports of the period still
// wait, stores and audits it, locks the period and tells the person.

// Ratings is what period rating reads and writes.
type Ratings interface {
	TeamToRate(ctx context.Context, assessorID int64, periode, today kinerja.Date) ([]RateMember, error)
	RatePeriod(ctx context.Context, r RatingInput) (kinerja.Predikat, error)
	// PredikatOf is the rating of a person's period, when rated (locked).
	PredikatOf(ctx context.Context, pegawaiID int64, periode kinerja.Date) (kinerja.Predikat, bool, error)
}

// RateMember is one person an assessor may rate for a period.
type RateMember struct {
	PegawaiID int64
	Nama, NIP string
	Predikat  kinerja.Predikat // "" while not rated
	Undecided int              // reports of the period still waiting
}

// RatingInput is one assessor's rating of one person's period.
type RatingInput struct {
	PegawaiID       int64
	Periode         kinerja.Date
	Hasil, Perilaku kinerja.Rating
	UmpanBalik      string
	ActorID         int64
	Today           kinerja.Date
}

// ratingOpens is the first day the period starting at start may be
// rated: the day after its validation deadline. Until then its reports can
// still be filed (back-dated) and decided, and a rating would lock them out.
func ratingOpens(c *Ctx, start kinerja.Date) kinerja.Date {
	_, end := kinerja.PeriodOf(start, c.d.RatingQuarterly)
	day := c.d.DeadlineDay
	if day == 0 {
		day = 5
	}
	return kinerja.ValidationDeadline(end, day).AddDays(1)
}

// notYet is the answer to rating a period before it opens.
func notYet(c *Ctx, periode kinerja.Date) msg.Text {
	opens := ratingOpens(c, periode)
	return msg.T("penilaian.not_yet", "Periode", periodText(c, periode), "Opens", msg.Date(opens), "Deadline", msg.Date(opens.AddDays(-1)))
}

func ratingListCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	periode, ok := msg.ParseMonthCode(in.Callback.Arg)
	if !ok || !ratablePeriod(c, periode) {
		return expired()
	}
	if c.Today().Before(ratingOpens(c, periode)) {
		return Result{Replies: []msg.Reply{{Text: notYet(c, periode)}}}, nil
	}
	r, err := ratingList(ctx, c, periode)
	return Result{Replies: []msg.Reply{r}}, err
}

func penilaianCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	// The period to rate is the last one that has ended: last month (or
	// last quarter).
	periode, _ := kinerja.LastEndedPeriod(c.Today(), c.d.RatingQuarterly)
	if c.Today().Before(ratingOpens(c, periode)) {
		return Result{Replies: []msg.Reply{{Text: notYet(c, periode)}}}, nil
	}
	r, err := ratingList(ctx, c, periode)
	return Result{Replies: []msg.Reply{r}}, err
}

func ratingList(ctx context.Context, c *Ctx, periode kinerja.Date) (msg.Reply, error) {
	team, err := c.d.Ratings.TeamToRate(ctx, c.User.Pegawai.ID, periode, c.Today())
	if err != nil {
		return msg.Reply{}, err
	}
	label := periodText(c, periode)
	if len(team) == 0 {
		return msg.Reply{Text: msg.T("penilaian.team_empty", "Periode", label)}, nil
	}
	var lines msg.Lines
	var rows [][]msg.Button
	const maxList = 25
	more := 0
	if len(team) > maxList {
		team, more = team[:maxList], len(team)-maxList
	}
	for i, m := range team {
		state := msg.T("penilaian.state_open")
		switch {
		case m.Predikat != "":
			state = msg.T("penilaian.state_rated", "Predikat", msg.T(m.Predikat.MessageID()))
		case m.Undecided > 0:
			state = msg.T("penilaian.state_undecided", "Count", m.Undecided)
		}
		lines = append(lines, msg.T("penilaian.team_line", "N", i+1, "Nama", msg.Shorten(m.Nama, 40), "State", state))
		if m.Predikat == "" {
			rows = append(rows, []msg.Button{{Label: msg.T("penilaian.button_rate", "N", i+1, "Nama", msg.Shorten(m.Nama, 30)),
				Data: msg.Callback{Op: msg.OpRating, ID: m.PegawaiID, Arg: msg.MonthCode(periode)}}})
		}
	}
	if more > 0 {
		lines = append(lines, msg.T("score.team_more", "Count", more))
	}
	return msg.Reply{Text: msg.T("penilaian.team", "Periode", label, "Items", lines), Buttons: rows}, nil
}

func ratingCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	periode, ok := msg.ParseMonthCode(in.Callback.Arg)
	if !ok || !ratablePeriod(c, periode) {
		return expired()
	}
	if c.Today().Before(ratingOpens(c, periode)) {
		return Result{Replies: []msg.Reply{{Text: notYet(c, periode)}}}, nil
	}
	// The person must be in the assessor's list now (checked on the server).
	team, err := c.d.Ratings.TeamToRate(ctx, c.User.Pegawai.ID, periode, c.Today())
	if err != nil {
		return Result{}, err
	}
	var m *RateMember
	for i := range team {
		if team[i].PegawaiID == in.Callback.ID {
			m = &team[i]
		}
	}
	switch {
	case m == nil:
		return Result{Answer: &msg.Text{ID: "penilaian.forbidden"}}, nil
	case m.Predikat != "":
		return Result{Answer: &msg.Text{ID: "penilaian.already_done"}}, nil
	case m.Undecided > 0:
		// Decide the waiting reports first (DOMAIN.md decision 2).
		return Result{Replies: []msg.Reply{msg.Say("penilaian.undecided_first", "Nama", m.Nama, "Count", m.Undecided)}}, nil
	}
	p := &kinerja.Pegawai{ID: m.PegawaiID, Nama: m.Nama, NIP: m.NIP}
	kind := byte('m')
	if c.d.RatingQuarterly {
		kind = 'q'
	}
	figures, err := scoreView(ctx, c, p, kind, periode)
	if err != nil {
		return Result{}, err
	}
	replies, err := e.Resume(ctx, c, ratingName, sHasil, map[string]string{
		kRatePegawai: itoa64(m.PegawaiID), kRateNama: m.Nama, kRatePeriode: periode.String(),
	})
	// The figures come first, without their buttons: the rating is about them.
	figures.Buttons = nil
	return Result{Replies: append([]msg.Reply{figures}, replies...)}, err
}

const (
	ratingName    = "penilaian"
	sHasil        = "hasil"
	sPerilaku     = "perilaku"
	sUmpanBalik   = "umpan_balik"
	sSimpan       = "simpan"
	kRatePegawai  = "pegawai"
	kRateNama     = "nama"
	kRatePeriode  = "periode"
	kRateHasil    = "hasil"
	kRatePerilaku = "perilaku"
	kRateUmpan    = "umpan_balik"
)

func ratingButtons(c *Ctx) [][]msg.Button {
	return [][]msg.Button{
		{c.Choice(msg.T("penilaian.rating_di_atas"), string(kinerja.RatingDiAtas))},
		{c.Choice(msg.T("penilaian.rating_sesuai"), string(kinerja.RatingSesuai))},
		{c.Choice(msg.T("penilaian.rating_di_bawah"), string(kinerja.RatingDiBawah))},
		{c.CancelButton()},
	}
}

// ratingStep asks one of the two ratings (its question ask), keeps the
// answer under key and goes on to next.
func ratingStep(ask, key, next string, back func(*Ctx) string) *Step {
	return &Step{
		Enter: prompt(func(c *Ctx) msg.Reply {
			return msg.Reply{Text: msg.T(ask, "Nama", c.Session.Get(kRateNama)), Buttons: ratingButtons(c)}
		}),
		Handle: func(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
			r := kinerja.Rating(in.Callback.Arg)
			if in.Kind != KindCallback || !r.Valid() {
				return Stay, nil, invalid("input.use_buttons")
			}
			c.Session.Set(key, string(r))
			return next, nil, nil
		},
		Back: back,
		Next: []string{next},
	}
}

var ratingFlow = &Flow{
	Name:  ratingName,
	Title: msg.T("flow.penilaian"),
	Start: sHasil,
	Steps: map[string]*Step{
		sHasil:    ratingStep("penilaian.ask_hasil", kRateHasil, sPerilaku, nil),
		sPerilaku: ratingStep("penilaian.ask_perilaku", kRatePerilaku, sUmpanBalik, func(*Ctx) string { return sHasil }),
		sUmpanBalik: {
			Enter: prompt(func(c *Ctx) msg.Reply {
				return msg.Reply{Text: msg.T("penilaian.ask_umpan_balik", "Max", 1000), Buttons: [][]msg.Button{{c.Choice(msg.T("button.skip"), "lewati")}, {c.CancelButton()}}}
			}),
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
				switch {
				case in.Kind == KindCallback && in.Callback.Arg == "lewati":
					c.Session.Set(kRateUmpan, "")
					return sSimpan, nil, nil
				case in.Kind == KindText:
					text := strings.TrimSpace(in.Text)
					if n := len([]rune(text)); n > 1000 {
						return Stay, nil, invalid("penilaian.umpan_balik_too_long", "Max", 1000, "Length", n)
					}
					c.Session.Set(kRateUmpan, text)
					return sSimpan, nil, nil
				}
				return Stay, nil, invalid("report.need_text")
			},
			Back: func(*Ctx) string { return sPerilaku },
			Next: []string{sSimpan},
		},
		sSimpan: {
			Enter: prompt(func(c *Ctx) msg.Reply {
				s := c.Session
				hasil, perilaku := kinerja.Rating(s.Get(kRateHasil)), kinerja.Rating(s.Get(kRatePerilaku))
				pred, _ := kinerja.PredikatOf(hasil, perilaku)
				return msg.Reply{
					Text: msg.T("penilaian.confirm", "Nama", s.Get(kRateNama), "Periode", ratingPeriodText(c),
						"Hasil", msg.T(hasil.MessageID()), "Perilaku", msg.T(perilaku.MessageID()), "Predikat", msg.T(pred.MessageID()),
						"UmpanBalik", s.Get(kRateUmpan)),
					Buttons: [][]msg.Button{{c.Choice(msg.T("penilaian.button_save"), "simpan")}, {c.BackButton(), c.CancelButton()}},
				}
			}),
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
				if in.Kind != KindCallback || in.Callback.Arg != "simpan" {
					return Stay, nil, invalid("input.use_buttons")
				}
				s := c.Session
				periode, _ := kinerja.ParseDate(s.Get(kRatePeriode))
				pred, err := c.d.Ratings.RatePeriod(ctx, RatingInput{
					PegawaiID: atoi64(s.Get(kRatePegawai)), Periode: periode,
					Hasil: kinerja.Rating(s.Get(kRateHasil)), Perilaku: kinerja.Rating(s.Get(kRatePerilaku)),
					UmpanBalik: s.Get(kRateUmpan), ActorID: c.User.Pegawai.ID, Today: c.Today(),
				})
				if err != nil {
					if kinerja.ErrorCode(err) == kinerja.CodeInternal {
						return Stay, nil, err
					}
					id, args := kinerja.ErrorMessage(err)
					return Done, []msg.Reply{{Text: msg.Text{ID: id, Args: args}}}, nil
				}
				return Done, []msg.Reply{msg.Say("penilaian.saved", "Nama", s.Get(kRateNama), "Periode", ratingPeriodText(c), "Predikat", msg.T(pred.MessageID()))}, nil
			},
			Back: func(*Ctx) string { return sUmpanBalik },
		},
	},
}

// ratablePeriod accepts the start of one of the last three ended periods
// (a late rating is possible; an arbitrary old one is not).
func ratablePeriod(c *Ctx, start kinerja.Date) bool {
	last, _ := kinerja.LastEndedPeriod(c.Today(), c.d.RatingQuarterly)
	for range 3 {
		if start == last {
			return true
		}
		last, _ = kinerja.LastEndedPeriod(last, c.d.RatingQuarterly)
	}
	return false
}

func ratingPeriodText(c *Ctx) msg.Text {
	d, _ := kinerja.ParseDate(c.Session.Get(kRatePeriode))
	return periodText(c, d)
}

// periodText names a rating period: a month, or a quarter.
func periodText(c *Ctx, start kinerja.Date) msg.Text {
	if c.d.RatingQuarterly {
		return msg.Quarter(start)
	}
	return msg.Month(start)
}

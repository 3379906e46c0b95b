package conversations

import (
	"context"
	"strings"

	"kinerjabot/kinerja"
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

// OpRating is the callback operation of /penilaian's list: ID is the person,
// Arg the period yyyymm.
const OpRating = "pn"

// OpRatingList opens the rating list of a period (Arg yyyymm): the button of
// the "period ended" request the notify package sends.
const OpRatingList = "pl"

func ratingListCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	if r, ok := needLinked(c); !ok {
		return r, nil
	}
	periode, ok := parseMonthCode(in.Callback.Arg)
	if !ok || !ratablePeriod(c, periode) {
		return Result{Answer: &Text{ID: "callback.expired"}}, nil
	}
	r, err := ratingList(ctx, c, periode)
	return Result{Replies: []Reply{r}}, err
}

func penilaianCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	if r, ok := needLinked(c); !ok {
		return r, nil
	}
	// The period to rate is the last one that has ended: last month (or
	// last quarter).
	periode, _ := kinerja.LastEndedPeriod(c.Today(), c.d.RatingQuarterly)
	r, err := ratingList(ctx, c, periode)
	return Result{Replies: []Reply{r}}, err
}

func ratingList(ctx context.Context, c *Ctx, periode kinerja.Date) (Reply, error) {
	team, err := c.d.Ratings.TeamToRate(ctx, c.User.Pegawai.ID, periode, c.Today())
	if err != nil {
		return Reply{}, err
	}
	label := periodText(c, periode)
	if len(team) == 0 {
		return Reply{Text: T("penilaian.team_empty", "Periode", label)}, nil
	}
	var lines Lines
	var rows [][]Button
	const maxList = 25
	more := 0
	if len(team) > maxList {
		team, more = team[:maxList], len(team)-maxList
	}
	for i, m := range team {
		state := T("penilaian.state_open")
		switch {
		case m.Predikat != "":
			state = T("penilaian.state_rated", "Predikat", T(m.Predikat.MessageID()))
		case m.Undecided > 0:
			state = T("penilaian.state_undecided", "Count", m.Undecided)
		}
		lines = append(lines, T("penilaian.team_line", "N", i+1, "Nama", truncate(m.Nama, 40), "State", state))
		if m.Predikat == "" {
			rows = append(rows, []Button{{Label: T("penilaian.button_rate", "N", i+1, "Nama", truncate(m.Nama, 30)),
				Data: Callback{Op: OpRating, ID: m.PegawaiID, Arg: monthCode(periode)}}})
		}
	}
	if more > 0 {
		lines = append(lines, T("score.team_more", "Count", more))
	}
	return Reply{Text: T("penilaian.team", "Periode", label, "Items", lines), Buttons: rows}, nil
}

func ratingCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	if r, ok := needLinked(c); !ok {
		return r, nil
	}
	periode, ok := parseMonthCode(in.Callback.Arg)
	if !ok || !ratablePeriod(c, periode) {
		return Result{Answer: &Text{ID: "callback.expired"}}, nil
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
		return Result{Answer: &Text{ID: "penilaian.forbidden"}}, nil
	case m.Predikat != "":
		return Result{Answer: &Text{ID: "penilaian.already_done"}}, nil
	case m.Undecided > 0:
		// Decide the waiting reports first (DOMAIN.md decision 2).
		return Result{Replies: []Reply{Say("penilaian.undecided_first", "Nama", m.Nama, "Count", m.Undecided)}}, nil
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
	return Result{Replies: append([]Reply{figures}, replies...)}, err
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

func ratingButtons(c *Ctx) [][]Button {
	return [][]Button{
		{c.Choice(T("penilaian.rating_di_atas"), string(kinerja.RatingDiAtas))},
		{c.Choice(T("penilaian.rating_sesuai"), string(kinerja.RatingSesuai))},
		{c.Choice(T("penilaian.rating_di_bawah"), string(kinerja.RatingDiBawah))},
		{c.CancelButton()},
	}
}

func ratingChoice(in Input) (kinerja.Rating, bool) {
	r := kinerja.Rating(in.Callback.Arg)
	return r, in.Kind == KindCallback && r.Valid()
}

var ratingFlow = &Flow{
	Name:  ratingName,
	Title: T("flow.penilaian"),
	Start: sHasil,
	Steps: map[string]*Step{
		sHasil: {
			Enter: func(ctx context.Context, c *Ctx) []Reply {
				return []Reply{{Text: T("penilaian.ask_hasil", "Nama", c.Session.Get(kRateNama)), Buttons: ratingButtons(c)}}
			},
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []Reply, error) {
				r, ok := ratingChoice(in)
				if !ok {
					return Stay, nil, invalid("input.use_buttons")
				}
				c.Session.Set(kRateHasil, string(r))
				return sPerilaku, nil, nil
			},
			Chosen: func(_ context.Context, c *Ctx) Text {
				return T("penilaian.chosen_hasil", "Rating", T(kinerja.Rating(c.Session.Get(kRateHasil)).MessageID()))
			},
			Next: []string{sPerilaku},
		},
		sPerilaku: {
			Enter: func(ctx context.Context, c *Ctx) []Reply {
				return []Reply{{Text: T("penilaian.ask_perilaku", "Nama", c.Session.Get(kRateNama)), Buttons: ratingButtons(c)}}
			},
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []Reply, error) {
				r, ok := ratingChoice(in)
				if !ok {
					return Stay, nil, invalid("input.use_buttons")
				}
				c.Session.Set(kRatePerilaku, string(r))
				return sUmpanBalik, nil, nil
			},
			Chosen: func(_ context.Context, c *Ctx) Text {
				return T("penilaian.chosen_perilaku", "Rating", T(kinerja.Rating(c.Session.Get(kRatePerilaku)).MessageID()))
			},
			Back: func(*Ctx) string { return sHasil },
			Next: []string{sUmpanBalik},
		},
		sUmpanBalik: {
			Enter: func(ctx context.Context, c *Ctx) []Reply {
				return []Reply{{Text: T("penilaian.ask_umpan_balik", "Max", 1000), Buttons: [][]Button{{c.Choice(T("button.skip"), "lewati")}, {c.CancelButton()}}}}
			},
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []Reply, error) {
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
			Enter: func(ctx context.Context, c *Ctx) []Reply {
				s := c.Session
				hasil, perilaku := kinerja.Rating(s.Get(kRateHasil)), kinerja.Rating(s.Get(kRatePerilaku))
				pred, _ := kinerja.PredikatOf(hasil, perilaku)
				return []Reply{{
					Text: T("penilaian.confirm", "Nama", s.Get(kRateNama), "Periode", ratingPeriodText(c),
						"Hasil", T(hasil.MessageID()), "Perilaku", T(perilaku.MessageID()), "Predikat", T(pred.MessageID()),
						"UmpanBalik", s.Get(kRateUmpan)),
					Buttons: [][]Button{{c.Choice(T("penilaian.button_save"), "simpan")}, {c.BackButton(), c.CancelButton()}},
				}}
			},
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []Reply, error) {
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
					return Done, []Reply{{Text: Text{ID: id, Args: args}}}, nil
				}
				return Done, []Reply{Say("penilaian.saved", "Nama", s.Get(kRateNama), "Periode", ratingPeriodText(c), "Predikat", T(pred.MessageID()))}, nil
			},
			Chosen: func(_ context.Context, c *Ctx) Text { return T("penilaian.saving", "Nama", c.Session.Get(kRateNama)) },
			Back:   func(*Ctx) string { return sUmpanBalik },
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

func ratingPeriodText(c *Ctx) Text {
	d, _ := kinerja.ParseDate(c.Session.Get(kRatePeriode))
	return periodText(c, d)
}

// periodText names a rating period: a month, or a quarter.
func periodText(c *Ctx, start kinerja.Date) Text {
	if c.d.RatingQuarterly {
		return quarterText(start)
	}
	return monthText(start)
}

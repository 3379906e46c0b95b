package main

import (
	"context"
	"time"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/notify"
	"kinerjabot/store"
)

// accounts keeps a person's choices: on the pegawai row once linked, on the
// Telegram account (Redis) before.
type accounts struct {
	db *store.DB
	r  *store.Redis
}

func (a accounts) SetLanguage(ctx context.Context, u *conversations.User, lang string) error {
	if u.Pegawai != nil {
		return a.db.SetBahasa(ctx, u.Pegawai.ID, lang)
	}
	return a.r.SetPref(ctx, u.TelegramID, "lang", lang)
}

func (a accounts) MarkLanguageOffered(ctx context.Context, u *conversations.User) error {
	return a.r.SetPref(ctx, u.TelegramID, "lang_offered", "1")
}

// directory adapts the Postgres store to bot.Directory, fixing "today" in
// the deployment's zone.
type directory struct {
	db     *store.DB
	people *store.PegawaiCache
	loc    *time.Location
	now    func() time.Time
}

func (d directory) PegawaiByTelegramID(ctx context.Context, telegramID int64) (*kinerja.Pegawai, error) {
	return d.people.PegawaiByTelegramID(ctx, telegramID, kinerja.DateOf(d.now(), d.loc))
}

func (d directory) SetUnreachable(ctx context.Context, telegramID int64, unreachable bool) error {
	return d.db.SetUnreachable(ctx, telegramID, unreachable)
}

// onboarding adapts the Postgres store to conversations.Onboarding.
type onboarding struct{ db *store.DB }

func (o onboarding) RedeemInvite(ctx context.Context, payload string, telegramID, chatID int64) (*kinerja.Pegawai, error) {
	return o.db.RedeemInvite(ctx, payload, telegramID, chatID)
}

func (o onboarding) LinkByPhone(ctx context.Context, phone string, telegramID, chatID int64) (*kinerja.Pegawai, error) {
	return o.db.LinkByPhone(ctx, phone, telegramID, chatID)
}

func (o onboarding) Profile(ctx context.Context, pegawaiID int64) (string, string, error) {
	p, err := o.db.PegawaiProfile(ctx, pegawaiID)
	return p.Unit, p.Atasan, err
}

// reports adapts the Postgres store to conversations.Reports: the author's
// edit and withdrawal are steps of the one report life cycle
// (kinerja.Transition), applied with the version the author saw.
type reports struct {
	*store.DB
	people *store.PegawaiCache // RHK lists are read through it
}

func (r reports) ActiveRHK(ctx context.Context, pegawaiID int64, tahun int) ([]kinerja.RHK, error) {
	return r.people.ActiveRHK(ctx, pegawaiID, tahun)
}

func (r reports) EditAktivitas(ctx context.Context, id int64, version int, a kinerja.Aktivitas, actorID int64) (kinerja.Aktivitas, error) {
	return r.ApplyAktivitas(ctx, store.ApplyRequest{
		AktivitasID: id, Version: version, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor, ActorID: actorID, Edit: &a,
	})
}

func (r reports) WithdrawAktivitas(ctx context.Context, id int64, version int, actorID int64) (kinerja.Aktivitas, error) {
	return r.ApplyAktivitas(ctx, store.ApplyRequest{
		AktivitasID: id, Version: version, Action: kinerja.ActionTarik, Actor: kinerja.ActorAuthor, ActorID: actorID,
	})
}

// decisions adapts the Postgres store to conversations.Decisions: a decision
// is the assessor's step of the report life cycle, authorised by the store.
type decisions struct{ *store.DB }

func (d decisions) Decide(ctx context.Context, x conversations.Decision) (kinerja.Aktivitas, error) {
	return d.ApplyAktivitas(ctx, store.ApplyRequest{
		AktivitasID: x.AktivitasID, Version: x.Version, Action: x.Action, Actor: kinerja.ActorAssessor,
		ActorID: x.ActorID, Reason: x.Reason, Today: x.Today, LeaveCards: x.OnBoard,
	})
}

func (d decisions) DecideOnCard(ctx context.Context, x conversations.Decision) (kinerja.Aktivitas, *msg.CardView, error) {
	a, v, err := d.DecideOnOwnCard(ctx, store.ApplyRequest{
		AktivitasID: x.AktivitasID, Version: x.Version, Action: x.Action, Actor: kinerja.ActorAssessor,
		ActorID: x.ActorID, Reason: x.Reason, Today: x.Today, CardMessageID: x.CardMessageID,
	})
	if v == nil {
		return a, nil, err
	}
	card := notify.CardView(*v)
	return a, &card, err
}

func (d decisions) PendingFor(ctx context.Context, assessorID int64, today kinerja.Date) ([]conversations.PendingReport, error) {
	list, err := d.DB.PendingFor(ctx, assessorID, today, 500)
	out := make([]conversations.PendingReport, len(list))
	for i, p := range list {
		out[i] = conversations.PendingReport{Aktivitas: p.Aktivitas, AuthorNama: p.AuthorNama, AuthorNIP: p.AuthorNIP,
			RHKKode: p.RHKKode, RHKTeks: p.RHKTeks}
	}
	return out, err
}

// Card is the report as its approval card shows it: what the card job
// reads, so a card a button redraws says what the job's card says.
func (d decisions) Card(ctx context.Context, aktivitasID int64) (msg.CardView, error) {
	v, err := d.NoticeData(ctx, aktivitasID)
	return notify.CardView(v), err
}

// admin adapts the Postgres store to conversations.Admin.
type admin struct{ *store.DB }

func (a admin) Delegate(ctx context.Context, actorID int64, dariNIP, keNIP, jenis string, mulai, selesai, today kinerja.Date) (conversations.Delegation, error) {
	d, err := a.CreateDelegation(ctx, store.DelegationRequest{
		DariNIP: dariNIP, KeNIP: keNIP, Jenis: jenis, Mulai: mulai, Selesai: selesai, ActorID: actorID, Today: today,
	})
	if err != nil {
		return conversations.Delegation{}, err
	}
	return conversations.Delegation{
		ID: d.ID, Jenis: d.Jenis, DariNama: d.Dari.Nama, DariNIP: d.Dari.NIP, KeNama: d.Ke.Nama, KeNIP: d.Ke.NIP,
		Mulai: d.Mulai, Selesai: d.Selesai, KeIsSubordinateOfDari: d.Ke.AtasanID == d.Dari.ID,
	}, nil
}

// ratings adapts the Postgres store to conversations.Ratings.
type ratings struct{ *store.DB }

func (r ratings) TeamToRate(ctx context.Context, assessorID int64, periode, today kinerja.Date) ([]conversations.RateMember, error) {
	team, err := r.DB.TeamToRate(ctx, assessorID, periode, today)
	out := make([]conversations.RateMember, len(team))
	for i, m := range team {
		out[i] = conversations.RateMember{PegawaiID: m.PegawaiID, Nama: m.Nama, NIP: m.NIP, Predikat: m.Predikat, Undecided: m.Undecided}
	}
	return out, err
}

func (r ratings) RatePeriod(ctx context.Context, in conversations.RatingInput) (kinerja.Predikat, error) {
	p, err := r.DB.RatePeriod(ctx, store.RatingRequest{PegawaiID: in.PegawaiID, Periode: in.Periode, Hasil: in.Hasil,
		Perilaku: in.Perilaku, UmpanBalik: in.UmpanBalik, ActorID: in.ActorID, Today: in.Today})
	return p.Predikat, err
}

func (r ratings) PredikatOf(ctx context.Context, pegawaiID int64, periode kinerja.Date) (kinerja.Predikat, bool, error) {
	p, err := r.PenilaianOf(ctx, pegawaiID, periode)
	if err != nil || p == nil {
		return "", false, err
	}
	return p.Predikat, true, nil
}

// keptFiles are the files the bot keeps itself (the Mini App's evidence,
// store.Berkas), as the bot sends them.
type keptFiles struct{ db *store.DB }

func (k keptFiles) File(ctx context.Context, id int64) (string, []byte, string, error) {
	b, err := k.db.BerkasByID(ctx, id)
	return b.Nama, b.Data, b.FileID, err
}

func (k keptFiles) SetFileID(ctx context.Context, id int64, fileID string) error {
	return k.db.SetBerkasFileID(ctx, id, fileID)
}

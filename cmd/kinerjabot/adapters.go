package main

import (
	"context"
	"time"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
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
	db  *store.DB
	loc *time.Location
	now func() time.Time
}

func (d directory) PegawaiByTelegramID(ctx context.Context, telegramID int64) (*kinerja.Pegawai, error) {
	return d.db.PegawaiByTelegramID(ctx, telegramID, kinerja.DateOf(d.now(), d.loc))
}

func (d directory) SetUnreachable(ctx context.Context, telegramID int64, unreachable bool) error {
	return d.db.SetUnreachable(ctx, telegramID, unreachable)
}

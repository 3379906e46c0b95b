package store

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// PegawaiCache keeps the people the bot reads on every update, by Telegram
// id, for one day at a time (whether a person assesses anyone today depends
// on the day's delegations). Postgres says what changed — a trigger on
// pegawai and delegasi notifies the channel pegawai_berubah (migration
// 00011) — so a change made anywhere (the bot, an import, another
// instance) drops the entry at once. While it is not listening (before Run
// has connected, after a lost connection until it is back) nothing is
// cached and every read goes to Postgres; on every (re)connection the cache
// starts empty, because what was announced meanwhile is unknown.
type PegawaiCache struct {
	db  *DB
	log *slog.Logger

	mu     sync.Mutex
	live   bool
	gen    uint64 // bumped by every drop: a read that raced with one is not kept
	byTG   map[int64]cachedPegawai
	tgByID map[int64]int64 // pegawai id → Telegram id of its entry
	// rhk holds each person's active RHK by year (ActiveRHK), dropped with
	// the person: a change to their SKP, RHK or indikator is announced as
	// a change to them (migration 00018).
	rhk    map[int64]map[int][]kinerja.RHK
	rhkLen int
}

type cachedPegawai struct {
	p   *kinerja.Pegawai
	day kinerja.Date
}

// maxCachedPegawai bounds the cache (the city has about 17,500 staff): past
// it, the cache starts again empty.
const maxCachedPegawai = 50_000

// NewPegawaiCache returns a cache of db's people; Run makes it work.
func (db *DB) NewPegawaiCache(log *slog.Logger) *PegawaiCache {
	c := &PegawaiCache{db: db, log: log, byTG: map[int64]cachedPegawai{}, tgByID: map[int64]int64{},
		rhk: map[int64]map[int][]kinerja.RHK{}}
	db.peopleMu.Lock()
	db.people = append(db.people, c)
	db.peopleMu.Unlock()
	return c
}

// Listening reports whether the cache listens for changes (and so keeps
// what it reads).
func (c *PegawaiCache) Listening() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// PegawaiByTelegramID is DB.PegawaiByTelegramID through the cache. The
// person returned is a copy: changing it changes nothing here.
func (c *PegawaiCache) PegawaiByTelegramID(ctx context.Context, telegramID int64, today kinerja.Date) (*kinerja.Pegawai, error) {
	c.mu.Lock()
	e, ok := c.byTG[telegramID]
	live, gen := c.live, c.gen
	c.mu.Unlock()
	if ok && e.day == today {
		return copyPegawai(e.p), nil
	}
	p, err := c.db.PegawaiByTelegramID(ctx, telegramID, today)
	if err != nil || !live {
		return p, err
	}
	if p == nil {
		// Strangers (not linked, or not staff) are not kept: however many
		// write to the bot, the cache holds only staff.
		return nil, nil
	}
	c.mu.Lock()
	if c.live && c.gen == gen {
		if len(c.byTG) >= maxCachedPegawai {
			clear(c.byTG)
			clear(c.tgByID)
		}
		c.byTG[telegramID] = cachedPegawai{p: copyPegawai(p), day: today}
		c.tgByID[p.ID] = telegramID
	}
	c.mu.Unlock()
	return p, nil
}

// ActiveRHK is DB.ActiveRHK through the cache: the report flow lists a
// person's RHK on most of its steps. The list returned is the caller's own.
func (c *PegawaiCache) ActiveRHK(ctx context.Context, pegawaiID int64, tahun int) ([]kinerja.RHK, error) {
	c.mu.Lock()
	list, ok := c.rhk[pegawaiID][tahun]
	live, gen := c.live, c.gen
	c.mu.Unlock()
	if ok {
		return copyRHK(list), nil
	}
	list, err := c.db.ActiveRHK(ctx, pegawaiID, tahun)
	if err != nil || !live {
		return list, err
	}
	c.mu.Lock()
	if c.live && c.gen == gen {
		if c.rhkLen >= maxCachedPegawai {
			clear(c.rhk)
			c.rhkLen = 0
		}
		if c.rhk[pegawaiID] == nil {
			c.rhk[pegawaiID] = map[int][]kinerja.RHK{}
		}
		if _, had := c.rhk[pegawaiID][tahun]; !had {
			c.rhkLen++
		}
		c.rhk[pegawaiID][tahun] = copyRHK(list)
	}
	c.mu.Unlock()
	return list, nil
}

func copyRHK(list []kinerja.RHK) []kinerja.RHK {
	if list == nil {
		return nil
	}
	out := make([]kinerja.RHK, len(list))
	for i, r := range list {
		out[i] = r
		out[i].Indikator = append([]kinerja.Indikator(nil), r.Indikator...)
	}
	return out
}

func copyPegawai(p *kinerja.Pegawai) *kinerja.Pegawai {
	if p == nil {
		return nil
	}
	cp := *p
	cp.Roles = append([]kinerja.Role(nil), p.Roles...)
	return &cp
}

// Run listens for changes until ctx ends, reconnecting after a lost
// connection (a second later).
func (c *PegawaiCache) Run(ctx context.Context) {
	for ctx.Err() == nil {
		err := c.listen(ctx)
		c.setLive(false)
		if ctx.Err() != nil {
			return
		}
		c.log.WarnContext(ctx, "people cache not listening, reading every person from Postgres until it is back", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (c *PegawaiCache) listen(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, c.db.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN pegawai_berubah"); err != nil {
		return err
	}
	c.setLive(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		c.drop(n.Payload)
	}
}

// setLive turns caching on or off; either way the cache starts empty.
func (c *PegawaiCache) setLive(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.live = live
	c.gen++
	clear(c.byTG)
	clear(c.tgByID)
	clear(c.rhk)
	c.rhkLen = 0
}

// drop forgets the people a notification names ("p12 t5001 …").
func (c *PegawaiCache) drop(payload string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, w := range strings.Fields(payload) {
		n, err := strconv.ParseInt(w[1:], 10, 64)
		if err != nil {
			continue
		}
		switch w[0] {
		case 't':
			delete(c.byTG, n)
		case 'p':
			if tg, ok := c.tgByID[n]; ok {
				delete(c.byTG, tg)
				delete(c.tgByID, n)
			}
			c.rhkLen -= len(c.rhk[n])
			delete(c.rhk, n)
		}
	}
}

package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"kinerjabot/slot"
)

// Redis keeps what is short-lived and per user: conversation sessions,
// update dedupe markers, per-user locks, rate-limit state and small
// per-account preferences. Every key lives under the prefix.
type Redis struct {
	rdb    *redis.Client
	prefix string
	// instance names this process while it lives (see keepAlive): its
	// update markers and user locks carry it, so a process that finds them
	// after a crash knows whether their owner is still alive.
	instance string

	aliveMu   sync.Mutex
	stopAlive func() // ends keepAlive's renewals; nil until the first claim or lock
}

// OpenRedis connects to url (redis://host:port/db) and checks the server.
func OpenRedis(ctx context.Context, url, prefix string) (*Redis, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse redis url: %w", err)
	}
	smallBuffers(opt)
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("store: ping redis: %w", err)
	}
	return NewRedis(rdb, prefix), nil
}

// smallBuffers sizes the client's buffers for what the bot exchanges with
// Redis — a session, an update, a few counters: a few kilobytes — instead
// of go-redis's defaults (32 KiB each way per connection, 128 KiB for each
// of the ten pipeline connections), which held 2–3 MB of the bot's heap.
// A larger reply or write still goes through, in more than one read or
// write. Pipeline sizes given in the URL (pipeline_read_buffer_size,
// pipeline_write_buffer_size: the only ones go-redis reads from a URL) are
// kept.
func smallBuffers(opt *redis.Options) {
	for _, b := range []*int{&opt.ReadBufferSize, &opt.WriteBufferSize} {
		if *b == 0 {
			*b = 8 << 10
		}
	}
	for _, b := range []*int{&opt.PipelineReadBufferSize, &opt.PipelineWriteBufferSize} {
		if *b == 0 {
			*b = 16 << 10
		}
	}
}

// NewRedis wraps an existing client.
func NewRedis(rdb *redis.Client, prefix string) *Redis {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &Redis{rdb: rdb, prefix: prefix, instance: hex.EncodeToString(b[:])}
}

// Instance is this process's instance name.
func (r *Redis) Instance() string { return r.instance }

// Client is the underlying client (for health checks and tests).
func (r *Redis) Client() *redis.Client { return r.rdb }

// Prefix is the key prefix.
func (r *Redis) Prefix() string { return r.prefix }

// Close closes the client.
func (r *Redis) Close() error {
	r.aliveMu.Lock()
	stop := r.stopAlive
	r.aliveMu.Unlock()
	if stop != nil {
		stop()
	}
	return r.rdb.Close()
}

// Ping checks the server.
func (r *Redis) Ping(ctx context.Context) error { return r.rdb.Ping(ctx).Err() }

func (r *Redis) key(parts ...string) string {
	k := r.prefix
	for i, p := range parts {
		if i > 0 {
			k += ":"
		}
		k += p
	}
	return k
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// ---- conversation sessions ----

// casSessionLua stores a session JSON only when the stored one carries the
// expected version (0: none stored). The version is read from the JSON
// value itself, so the value stays one self-describing JSON document.
const casSessionLua = `
local function casSession(key, expect, data, ttl)
  local cur = redis.call('GET', key)
  local v = 0
  if cur then
    local ok, doc = pcall(cjson.decode, cur)
    if ok and type(doc) == 'table' and doc['version'] then v = tonumber(doc['version']) end
  end
  if v ~= tonumber(expect) then return 0 end
  redis.call('SET', key, data, 'PX', ttl)
  return 1
end
`

var saveSession = redis.NewScript(casSessionLua + `
return casSession(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
`)

// LoadSession returns the session JSON of a user, nil when there is none.
func (r *Redis) LoadSession(ctx context.Context, userID int64) ([]byte, error) {
	b, err := r.rdb.Get(ctx, r.key("session", id(userID))).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: load session: %w", err)
	}
	return b, nil
}

// SaveSession stores data when the stored version equals expect, with a
// fresh expiry, and reports true; otherwise it changes nothing and reports
// false (someone else saved in between).
func (r *Redis) SaveSession(ctx context.Context, userID int64, expect int64, data []byte, ttl time.Duration) (bool, error) {
	n, err := saveSession.Run(ctx, r.rdb, []string{r.key("session", id(userID))}, expect, data, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("store: save session: %w", err)
	}
	return n == 1, nil
}

// ---- process instances ----

// An instance is alive while its key exists: keepAlive renews it every
// AliveEvery for AliveFor, so AliveFor after a crash (kill -9, power) the
// instance is known dead and what it held — the update it was handling, its
// users' locks — is taken over by whoever asks next, instead of waiting for
// the markers' own expiry (the handler's deadline and more).
const (
	AliveFor   = 1500 * time.Millisecond
	AliveEvery = 300 * time.Millisecond
)

// keepAlive marks this instance alive, once: the first BeginUpdate sets
// the mark (before its own value is written, so nobody sees a value of an
// instance without its mark) and starts renewing it until Close (which
// removes it: a clean stop hands over at once).
func (r *Redis) keepAlive(ctx context.Context) error {
	r.aliveMu.Lock()
	defer r.aliveMu.Unlock()
	if r.stopAlive != nil {
		return nil
	}
	k := r.key("instance", r.instance)
	if err := r.rdb.Set(ctx, k, "1", AliveFor).Err(); err != nil {
		return fmt.Errorf("store: mark instance alive: %w", err)
	}
	actx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	r.stopAlive = func() {
		stop()
		<-done
	}
	go func() {
		defer close(done)
		t := time.NewTicker(AliveEvery)
		defer t.Stop()
		for {
			select {
			case <-actx.Done():
				dctx, cancel := context.WithTimeout(context.Background(), time.Second)
				_ = r.rdb.Del(dctx, k).Err()
				cancel()
				return
			case <-t.C:
				// A failed renewal is retried at the next tick; several in
				// a row make this instance look dead, and then another may
				// take over its in-flight update (handled twice at worst:
				// the steps are idempotent by session version and kunci).
				if err := r.rdb.Set(actx, k, "1", AliveFor).Err(); errors.Is(err, redis.ErrClosed) {
					return
				}
			}
		}
	}()
	return nil
}

// DeadInstances returns those of names (instance names) that are not alive:
// their key has run out, or they never had one.
func (r *Redis) DeadInstances(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	pipe := r.rdb.Pipeline()
	cmds := make([]*redis.IntCmd, len(names))
	for i, n := range names {
		cmds[i] = pipe.Exists(ctx, r.key("instance", n))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("store: instances alive: %w", err)
	}
	var dead []string
	for i, c := range cmds {
		if c.Val() == 0 {
			dead = append(dead, names[i])
		}
	}
	return dead, nil
}

// ownedLua is beginUpdate's helper: a value
// "<instance> <rest>" is held while its instance's key exists.
// ARGV[1] is this instance, ARGV[2] the prefix of instance keys.
const ownedLua = `
local function owner(v)
  local sp = string.find(v, ' ', 1, true)
  if not sp then return '' end
  return string.sub(v, 1, sp - 1)
end
local function alive(v)
  local o = owner(v)
  return o ~= '' and redis.call('EXISTS', ARGV[2] .. o) == 1
end
`

// ---- update dedupe and per-user locks ----

// An update's marker is "<instance> <token>" while a handling has it and
// "done" for a day after; a user's lock is "<instance> <token>" of the
// handling that holds it.

// ErrLockTimeout is returned when a user's lock could not be taken in time.
var ErrLockTimeout = errors.New("store: lock not acquired in time")

// EarlierUpdateError is BeginUpdate's answer when an earlier update of the
// same user is still in the stash and no living process has it (its
// process died before it was done): Update is that update as stashed; the
// caller handles it first and then begins its own again, so a user's
// inputs are handled in their order also across a crash.
type EarlierUpdateError struct{ Update []byte }

func (e *EarlierUpdateError) Error() string {
	return "store: an earlier update of this user is left unhandled"
}

// EarlierUpdate is the earlier update (for callers that see the error
// through an interface).
func (e *EarlierUpdateError) EarlierUpdate() []byte { return e.Update }

// ---- one update's begin and end: one round trip each ----

// beginUpdate claims an update and takes its user's lock in one step, and
// reads what handling it needs first (the session, the account's
// preferences). KEYS: the update's marker, the user's lock, session and
// prefs. ARGV: this instance, the prefix of instance keys, this handling's
// token, the marker's and the lock's lifetimes (ms), the update's id, the
// prefix of update markers. Returns {0} done (or in progress in this
// instance), {2} in progress in a living instance, {3} claimed but the
// user's lock is held, {1, session, prefs...} begun.
//
// Order: with KEYS[7] (the user's stashed update ids, see StashUpdates) and
// KEYS[8] (the stash), an earlier stashed update of the user that is not
// done comes first: {5} while a living process has it (handling it, or
// about to), {4, update} when nobody does (its process died): the caller
// handles that one first, then asks again. Entries already handled or no
// longer stashed are dropped from the index on the way.
//
// With KEYS[5] and KEYS[6] set (the bot's queue and the chat's gate, see
// reserve; ARGV[8..12] their intervals, tolerances and the onlyNow flag), a
// begun update also takes the send slot of its first reply: {1, session,
// state, wait, gateTat, prefs...}, the slot's three values as reserve
// returns them (state -1: not asked).
var beginUpdate = redis.NewScript(ownedLua + gcraLua + `
local me = ARGV[1] .. ' ' .. ARGV[3]
local v = redis.call('GET', KEYS[1])
if v and v ~= me then
  if v == 'done' or owner(v) == ARGV[1] then return {0} end
  if alive(v) then return {2} end
end
if KEYS[7] ~= '' then
  while true do
    local first = redis.call('ZRANGE', KEYS[7], 0, 0)[1]
    if not first or tonumber(first) >= tonumber(ARGV[6]) then break end
    local e = redis.call('HGET', KEYS[8], first)
    local m = redis.call('GET', ARGV[7] .. first)
    if not e or m == 'done' then
      redis.call('ZREM', KEYS[7], first)
    elseif m and alive(m) then
      return {5}
    else
      local nl = string.find(e, '\n', 1, true)
      local o, raw = '', e
      if nl then o, raw = string.sub(e, 1, nl - 1), string.sub(e, nl + 1) end
      if not m and o ~= '' and o ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. o) == 1 then return {5} end
      return {4, raw}
    end
  end
end
redis.call('SET', KEYS[1], me, 'PX', ARGV[4])
if KEYS[2] == '' then return {1, false} end
local l = redis.call('GET', KEYS[2])
if l and l ~= me and (owner(l) == ARGV[1] or alive(l)) then return {3} end
redis.call('SET', KEYS[2], me, 'PX', ARGV[5])
local out = {1, redis.call('GET', KEYS[3]), -1, 0, 0}
if KEYS[5] ~= '' then
  local r = gcra({KEYS[5], KEYS[6]}, ARGV, 8)
  out[3], out[4], out[5] = r[1], r[2], r[3]
end
local prefs = redis.call('HGETALL', KEYS[4])
for i = 1, #prefs do out[#out + 1] = prefs[i] end
return out
`)

// endUpdate stores the handling's session (when ARGV[4] is set: the
// expected version, ARGV[5] the JSON, ARGV[6] its lifetime in ms; see
// casSessionLua), marks the update done (ARGV[1] ms), frees the user's lock
// if this handling holds it (ARGV[2]) and takes the update out of the stash
// (ARGV[3] its field) and the user's index of stashed updates (KEYS[5]).
// KEYS: the marker, the lock, the stash, the session, the index. Returns 1,
// or 0 when the session was not stored (changed meanwhile).
var endUpdate = redis.NewScript(casSessionLua + `
local saved = 1
if ARGV[4] ~= '' then saved = casSession(KEYS[4], ARGV[4], ARGV[5], ARGV[6]) end
redis.call('SET', KEYS[1], 'done', 'PX', ARGV[1])
if KEYS[2] ~= '' and redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
redis.call('HDEL', KEYS[3], ARGV[3])
if KEYS[5] ~= '' then redis.call('ZREM', KEYS[5], ARGV[3]) end
return saved
`)

// BeginUpdate does in one round trip what handling an update needs first:
// it claims the update for this instance, takes the user's lock (userID 0:
// no user, nothing more) and reads the user's session JSON (nil: none) and
// account preferences (the fields LoadPrefs reads). token names this
// handling: "" when the update was handled already (or is in progress in
// this process): skip it. It waits while another living instance has the
// update or the user, until the update is done there (not claimed) or that
// instance dies (taken over); a marker or lock outlives a stuck holder by
// busyFor or lockFor at most. A wait that outlasts ctx returns ctx's error
// for the update, ErrLockTimeout with the token for the user's lock
// (EndUpdate then ends the claim).
func (r *Redis) BeginUpdate(ctx context.Context, updateID, userID int64, busyFor, lockFor time.Duration) (token string, session []byte, prefs map[string]string, err error) {
	token, session, prefs, _, err = r.BeginUpdateSlot(ctx, updateID, userID, busyFor, lockFor, nil)
	return token, session, prefs, err
}

// BeginUpdateSlot is BeginUpdate that also, when slot is not nil and the
// update is begun, reserves the send slot of the update's first reply in
// the same round trip (the reply would ask for it a few milliseconds later
// anyway; an update that sends nothing leaves one slot unused).
func (r *Redis) BeginUpdateSlot(ctx context.Context, updateID, userID int64, busyFor, lockFor time.Duration, ask *slot.Ask) (token string, session []byte, prefs map[string]string, got slot.Answer, err error) {
	if err := r.keepAlive(ctx); err != nil {
		return "", nil, nil, got, err
	}
	var t [12]byte
	_, _ = rand.Read(t[:])
	mine := hex.EncodeToString(t[:])
	claimed, waitingEarlier := false, false
	keys := []string{r.key("update", id(updateID)), "", "", "", "", "", "", ""}
	args := []any{r.instance, r.key("instance", ""), mine, busyFor.Milliseconds(), lockFor.Milliseconds(), updateID, r.key("update", "")}
	if userID != 0 {
		keys[1], keys[2], keys[3] = r.key("lock", id(userID)), r.key("session", id(userID)), r.key("prefs", id(userID))
		keys[6], keys[7] = r.key("pending", id(userID)), r.key("intake")
		if ask != nil {
			keys[4], keys[5] = r.key("slot", ask.Keys[0]), r.key("slot", ask.Keys[1])
			for i := range 2 {
				iv := ask.Intervals[i].Microseconds()
				args = append(args, iv, iv*int64(max(ask.Bursts[i], 1)-1))
			}
			args = append(args, "0")
		}
	}
	for wait := 5 * time.Millisecond; ; wait = min(wait*2, 100*time.Millisecond) {
		res, err := beginUpdate.Run(ctx, r.rdb, keys, args...).Slice()
		if err != nil {
			if ctx.Err() != nil && claimed {
				return mine, nil, nil, got, ErrLockTimeout
			}
			return "", nil, nil, got, fmt.Errorf("store: begin update: %w", err)
		}
		switch state, _ := res[0].(int64); state {
		case 0:
			return "", nil, nil, got, nil
		case 1:
			if raw, ok := res[1].(string); ok {
				session = []byte(raw)
			}
			if len(res) < 5 {
				return mine, session, map[string]string{}, got, nil // no user: nothing more read
			}
			if state, _ := res[2].(int64); state >= 0 {
				w, _ := res[3].(int64)
				g, _ := res[4].(int64)
				got = slot.Answer{Asked: true, Reserved: state == 1, Gated: state == 2, At: time.Now(),
					Wait: time.Duration(w) * time.Microsecond, GateTAT: time.Duration(g) * time.Microsecond}
			}
			prefs = map[string]string{}
			for i := 5; i+1 < len(res); i += 2 {
				k, _ := res[i].(string)
				prefs[k], _ = res[i+1].(string)
			}
			return mine, session, prefs, got, nil
		case 3:
			claimed = true // the update is ours; the user is busy
		case 4:
			raw, _ := res[1].(string)
			return "", nil, nil, got, &EarlierUpdateError{Update: []byte(raw)}
		case 5:
			waitingEarlier = true // an earlier update of the user's is in a living process's hands
		}
		select {
		case <-ctx.Done():
			if claimed || waitingEarlier {
				// The user's earlier input is taking too long: this one is
				// told so (and marked done) like one that found the lock held.
				return mine, nil, nil, got, ErrLockTimeout
			}
			return "", nil, nil, got, fmt.Errorf("store: begin update: in progress elsewhere: %w", ctx.Err())
		case <-time.After(wait):
		}
	}
}

// EndUpdate ends what BeginUpdate began, in one round trip: the user's
// session is stored (when session is not nil: as SaveSession with expect
// and ttl would; stale is true when it was changed meanwhile and nothing
// was stored), the update is marked done for keep, the user's lock freed (if
// this handling still holds it) and the update taken out of the stash.
// With token "" (the update was not claimed) it only leaves the stash.
func (r *Redis) EndUpdate(ctx context.Context, updateID, userID int64, token string, keep time.Duration, session []byte, expect int64, ttl time.Duration) (stale bool, err error) {
	if token == "" {
		return false, r.unstash(ctx, updateID, userID)
	}
	lock, sess, pending := "", "", ""
	if userID != 0 {
		lock, sess, pending = r.key("lock", id(userID)), r.key("session", id(userID)), r.key("pending", id(userID))
	}
	args := []any{keep.Milliseconds(), r.instance + " " + token, id(updateID), "", "", 0}
	if session != nil && userID != 0 {
		args[3], args[4], args[5] = expect, session, ttl.Milliseconds()
	}
	n, err := endUpdate.Run(ctx, r.rdb, []string{r.key("update", id(updateID)), lock, r.key("intake"), sess, pending}, args...).Int()
	if err != nil {
		return false, fmt.Errorf("store: end update: %w", err)
	}
	return n == 0, nil
}

// ---- once-only markers ----

// Once reports true the first time it is called for key within ttl (0: no
// expiry), false afterwards. Used for "say it once" notices.
func (r *Redis) Once(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ok, err := r.rdb.SetNX(ctx, r.key("once", key), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("store: once: %w", err)
	}
	return ok, nil
}

// ---- account preferences (for Telegram accounts not linked yet) ----

const prefsTTL = 90 * 24 * time.Hour

// LoadPrefs reads the preferences of a Telegram account that is not linked
// to a pegawai yet (afterwards the language lives on the pegawai row): the
// chosen language ("" when none) and whether English was offered.
func (r *Redis) LoadPrefs(ctx context.Context, telegramID int64) (lang string, langOffered bool, err error) {
	m, err := r.rdb.HGetAll(ctx, r.key("prefs", id(telegramID))).Result()
	if err != nil {
		return "", false, fmt.Errorf("store: load prefs: %w", err)
	}
	return m["lang"], m["lang_offered"] == "1", nil
}

// SetPref stores one preference field ("lang", "lang_offered").
func (r *Redis) SetPref(ctx context.Context, telegramID int64, field, value string) error {
	k := r.key("prefs", id(telegramID))
	pipe := r.rdb.TxPipeline()
	pipe.HSet(ctx, k, field, value)
	pipe.Expire(ctx, k, prefsTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: set pref: %w", err)
	}
	return nil
}

// ---- rate limits ----

// reserve takes the next send slot under GCRA limits (one theoretical
// arrival time per key, in microseconds of Redis' own clock). KEYS[1] is
// the queue (the whole bot's rate): its slot may lie ahead, and the caller
// sleeps until it. KEYS[2..] are gates (one chat's rate): they must be free
// now, else nothing is taken and the wait until the gates open is returned,
// so a message that waits for its chat holds no place in the bot's queue
// (a future reservation would leave the slots before it unused). ARGV holds,
// per key, the emission interval and the burst tolerance (both µs), then a
// flag: set, the queue's slot is taken only when it is now or the very
// next one (a push takes only what replies leave: a reply that comes after
// it waits one interval at most). It returns {1, wait} for a slot taken, {2,
// wait} while a gate is closed, {0, wait} when the queue is busy (flag),
// each with the gates' latest theoretical arrival time after the call, from
// now (the caller may remember when a gate will be open again).
// gcraLua is the reservation itself (see reserve), a function of the keys
// and the ARGV slice from position a: per key the emission interval and
// the burst tolerance (µs), then the onlyNow flag.
const gcraLua = `
local function gcra(keys, argv, a)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local n = #keys
  local function arg(i) return tonumber(argv[a + i - 1]) end
  local onlyNow = argv[a + 2 * n] == '1'
  local tat = {}
  for i = 1, n do
    tat[i] = tonumber(redis.call('GET', keys[i])) or now
  end
  local gate, gateTat = now, now
  for i = 2, n do
    gate = math.max(gate, tat[i] - arg(2 * i))
    gateTat = math.max(gateTat, tat[i])
  end
  if gate > now then return {2, gate - now, gateTat - now} end
  local slot = math.max(now, tat[1] - arg(2))
  if onlyNow and slot > now + arg(1) then return {0, slot - now, gateTat - now} end
  for i = 1, n do
    local next = math.max(tat[i], slot) + arg(2 * i - 1)
    redis.call('SET', keys[i], string.format('%d', next), 'PX', math.floor((next - now) / 1000) + 1000)
    if i > 1 then gateTat = math.max(gateTat, next) end
  end
  return {1, slot - now, gateTat - now}
end
`

var reserve = redis.NewScript(gcraLua + `
return gcra(KEYS, ARGV, 1)
`)

// Reserve takes the next send slot under the GCRA limits keys (emission
// interval and burst of each), shared by every process on this Redis, and
// returns how long to wait for it: the caller sleeps once, exactly that
// long, instead of asking again and again. keys[0] is the queue, whose slot
// may lie ahead; keys[1:] are gates that must be free now: when one is not,
// nothing is taken, gated is true and wait says when it opens. With onlyNow
// (a push that must not queue ahead of people talking to the bot) the
// queue's slot is taken only when it is free now or is the next one;
// otherwise reserved is false and wait says when to ask again. gateTAT is
// how far ahead the gates' theoretical arrival time lies after the call: a
// gate of burst b opens again b-1 intervals before it.
func (r *Redis) Reserve(ctx context.Context, keys []string, intervals []time.Duration, bursts []int, onlyNow bool) (wait, gateTAT time.Duration, reserved, gated bool, err error) {
	full := make([]string, len(keys))
	args := make([]any, 0, 2*len(keys)+1)
	for i, k := range keys {
		full[i] = r.key("slot", k)
		iv := intervals[i].Microseconds()
		args = append(args, iv, iv*int64(max(bursts[i], 1)-1))
	}
	flag := "0"
	if onlyNow {
		flag = "1"
	}
	res, err := reserve.Run(ctx, r.rdb, full, append(args, flag)...).Int64Slice()
	if err != nil || len(res) != 3 {
		return 0, 0, false, false, fmt.Errorf("store: reserve a send slot: %w", err)
	}
	us := time.Microsecond
	return time.Duration(res[1]) * us, time.Duration(res[2]) * us, res[0] == 1, res[0] == 2, nil
}

// ---- the intake's stash of taken, unhandled updates ----

// StashUpdates keeps updates taken from Telegram until they are handled:
// updates by update id, users the user each one is from (0 or missing:
// none). Each user's stashed update ids are indexed too, so that nobody
// begins a later update of theirs while an earlier one is left unhandled
// (see beginUpdate). One round trip per batch of getUpdates: all kept, or
// none.
func (r *Redis) StashUpdates(ctx context.Context, updates map[int64][]byte, users map[int64]int64) error {
	if len(updates) == 0 {
		return nil
	}
	// Each entry names this process (alive from now on), so that another
	// one takes it over only once this one is known dead.
	if err := r.keepAlive(ctx); err != nil {
		return err
	}
	fields := make([]any, 0, 2*len(updates))
	byUser := map[int64][]redis.Z{}
	for updateID, raw := range updates {
		fields = append(fields, id(updateID), r.instance+"\n"+string(raw))
		if u := users[updateID]; u != 0 {
			byUser[u] = append(byUser[u], redis.Z{Score: float64(updateID), Member: id(updateID)})
		}
	}
	pipe := r.rdb.TxPipeline()
	pipe.HSet(ctx, r.key("intake"), fields...)
	for u, zs := range byUser {
		k := r.key("pending", id(u))
		pipe.ZAdd(ctx, k, zs...)
		pipe.PExpire(ctx, k, pendingKeep)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: stash updates: %w", err)
	}
	return nil
}

// pendingKeep is how long a user's index of stashed updates outlives its
// last addition (entries handled are taken out one by one; a leftover is
// dropped by the next begin that finds it handled or unstashed).
const pendingKeep = 24 * time.Hour

// UnstashUpdate forgets a handled update.
func (r *Redis) UnstashUpdate(ctx context.Context, updateID int64) error {
	return r.unstash(ctx, updateID, 0)
}

func (r *Redis) unstash(ctx context.Context, updateID, userID int64) error {
	pipe := r.rdb.Pipeline()
	pipe.HDel(ctx, r.key("intake"), id(updateID))
	if userID != 0 {
		pipe.ZRem(ctx, r.key("pending", id(userID)), id(updateID))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: unstash update: %w", err)
	}
	return nil
}

// StashedUpdates returns the stashed updates no living process is
// handling, oldest first: those of processes known dead (and entries of an
// earlier version, which name nobody). This process's own and a living
// one's stay with it; a process that has just died looks alive for up to
// AliveFor (its heartbeat), so a caller asks again after that.
func (r *Redis) StashedUpdates(ctx context.Context) ([][]byte, error) {
	m, err := r.rdb.HGetAll(ctx, r.key("intake")).Result()
	if err != nil {
		return nil, fmt.Errorf("store: stashed updates: %w", err)
	}
	owners := map[string]bool{}
	for _, v := range m {
		if owner, _, ok := strings.Cut(v, "\n"); ok && owner != r.instance {
			owners[owner] = true
		}
	}
	dead, err := r.DeadInstances(ctx, slices.Collect(maps.Keys(owners)))
	if err != nil {
		return nil, err
	}
	orphaned := map[string]bool{"": true} // an entry of an earlier version names nobody
	for _, d := range dead {
		orphaned[d] = true
	}
	ids := make([]int64, 0, len(m))
	raws := make(map[int64]string, len(m))
	for k, v := range m {
		n, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue
		}
		owner, raw, ok := strings.Cut(v, "\n")
		if !ok {
			owner, raw = "", v
		}
		if !orphaned[owner] {
			continue // this process's own, or a living one's: it is being handled
		}
		ids = append(ids, n)
		raws[n] = raw
	}
	slices.Sort(ids)
	out := make([][]byte, 0, len(ids))
	for _, n := range ids {
		out = append(out, []byte(raws[n]))
	}
	return out, nil
}

// StashLen is how many updates the stash holds, whoever is handling them.
func (r *Redis) StashLen(ctx context.Context) (int64, error) {
	n, err := r.rdb.HLen(ctx, r.key("intake")).Result()
	if err != nil {
		return 0, fmt.Errorf("store: stash length: %w", err)
	}
	return n, nil
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// machineCPU is where the machine's CPU went during a bench: the bot is
// measured apart (benchChild.cpu); this is everyone else the run needs on
// the same machine — the bench itself (the fake Bot API and the simulated
// people), PostgreSQL and Redis — and the machine as a whole. On a small
// machine they share the cores with the bot, so together they say how many
// updates a second the machine could carry at the measured cost.
type machineCPU struct {
	bench time.Duration
	pg    map[int]time.Duration // by PostgreSQL process; nil: not on this machine
	redis time.Duration
	busy  time.Duration // /proc/stat: every process's and the kernel's
}

// sampleMachineCPU reads the counters.
func sampleMachineCPU(ctx context.Context, pool *pgxpool.Pool, pgURL, redisURL string) machineCPU {
	m := machineCPU{bench: selfCPU(), busy: machineBusy()}
	if pgIsLocal(pgURL) {
		m.pg = postgresCPU(ctx, pool)
	}
	m.redis = redisCPU(ctx, redisURL)
	return m
}

// used is what was used from before to m. A PostgreSQL process that
// started in between counts from zero; one that ended in between is
// missed, so PostgreSQL's share is a lower bound (the bot's pool keeps its
// connections through a run).
func (m machineCPU) used(before machineCPU) (bench, pg, redis, busy time.Duration, pgKnown bool) {
	for pid, d := range m.pg {
		pg += d - before.pg[pid]
	}
	return m.bench - before.bench, pg, m.redis - before.redis, m.busy - before.busy, len(m.pg) > 0 && len(before.pg) > 0
}

// selfCPU is this process's CPU time (all its threads).
func selfCPU() time.Duration { return procCPU(os.Getpid()) }

// procCPU is a process's user and system time from /proc/PID/stat (clock
// ticks of 10 ms on Linux); 0 when it cannot be read.
func procCPU(pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// machineBusy is the CPU time all cores spent not idle since boot
// (/proc/stat's first line: user, nice, system, irq, softirq, steal).
func machineBusy() time.Duration {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// pgIsLocal says whether the database URL names this machine: a Unix
// socket or a loopback address. Only then are PostgreSQL's processes ours
// to read (a pid from a server elsewhere means nothing here).
func pgIsLocal(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if h := u.Query().Get("host"); h != "" {
		host = h
	}
	if host == "" || strings.HasPrefix(host, "/") || host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// postgresCPU is the CPU time of every PostgreSQL process the server
// lists (pg_stat_activity: the backends and the background processes,
// the WAL writer among them), by process; nil when none could be read.
func postgresCPU(ctx context.Context, pool *pgxpool.Pool) map[int]time.Duration {
	rows, err := pool.Query(ctx, `SELECT pid FROM pg_stat_activity`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out map[int]time.Duration
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil || !strings.HasPrefix(string(comm), "postgres") {
			continue
		}
		if out == nil {
			out = map[int]time.Duration{}
		}
		out[pid] = procCPU(pid)
	}
	if rows.Err() != nil {
		return nil
	}
	return out
}

// redisCPU is the Redis server's own CPU time (INFO cpu: used_cpu_sys and
// used_cpu_user, the main thread and its helpers), wherever it runs.
func redisCPU(ctx context.Context, raw string) time.Duration {
	ropt, err := redis.ParseURL(raw)
	if err != nil {
		return 0
	}
	rc := redis.NewClient(ropt)
	defer rc.Close()
	info, err := rc.Info(ctx, "cpu").Result()
	if err != nil {
		return 0
	}
	var secs float64
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (k == "used_cpu_sys" || k == "used_cpu_user") {
			f, _ := strconv.ParseFloat(v, 64)
			secs += f
		}
	}
	return time.Duration(secs * float64(time.Second))
}

// setMachineCPU fills the result's split of the machine's CPU per update
// and the ceiling it sets: the updates a second the machine's cores could
// carry if every update cost what this run's did.
func (r *benchResult) setMachineCPU(before, after machineCPU) {
	if r.Updates == 0 {
		return
	}
	bench, pg, rd, busy, pgKnown := after.used(before)
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(r.Updates) }
	r.BenchCPUMsPerUpdate = per(bench)
	r.PGCPUMsPerUpdate = -1
	if pgKnown {
		r.PGCPUMsPerUpdate = per(pg)
	}
	r.RedisCPUMsPerUpdate = per(rd)
	r.MachineCPUMsPerUpdate = per(busy)
	r.Cores = runtime.NumCPU()
	if r.MachineCPUMsPerUpdate > 0 {
		r.MachineCeiling = float64(r.Cores) * 1000 / r.MachineCPUMsPerUpdate
	}
}

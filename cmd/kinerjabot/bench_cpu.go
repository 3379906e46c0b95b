package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
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
//
// PostgreSQL's and Redis's figures are the whole servers': a bench should
// run alone (other databases' backends, other clients' commands count).
type machineCPU struct {
	bench   time.Duration
	pg      map[pgProc]time.Duration // by PostgreSQL process; nil: not readable here
	redis   time.Duration
	redisOK bool
	busy    time.Duration // /proc/stat: every process's and the kernel's
}

// pgProc names a process across a run: a pid may be reused by a later one,
// which then starts at another time.
type pgProc struct {
	pid   int
	start int64 // clock ticks after boot (/proc/PID/stat, field 22)
}

// sampleMachineCPU reads the counters.
func sampleMachineCPU(ctx context.Context, pool *pgxpool.Pool, redisURL string) machineCPU {
	m := machineCPU{bench: selfCPU(), busy: machineBusy()}
	if pgIsLocal(pool.Config().ConnConfig.Host) {
		m.pg = postgresCPU(ctx, pool)
	}
	m.redis, m.redisOK = redisCPU(ctx, redisURL)
	return m
}

// used is what was used from before to m. A PostgreSQL process that
// started in between counts from zero; one that ended in between is
// missed, so PostgreSQL's share is a lower bound (the bot's pool keeps its
// connections through a run).
func (m machineCPU) used(before machineCPU) (bench, pg, redis, busy time.Duration, pgKnown, redisKnown bool) {
	for p, d := range m.pg {
		pg += max(d-before.pg[p], 0)
	}
	return m.bench - before.bench, pg, m.redis - before.redis, m.busy - before.busy,
		len(m.pg) > 0 && len(before.pg) > 0, m.redisOK && before.redisOK
}

// selfCPU is this process's CPU time (all its threads).
func selfCPU() time.Duration { return procCPU(os.Getpid()) }

// procCPU is a process's user and system time from /proc/PID/stat (clock
// ticks of 10 ms on Linux); 0 when it cannot be read.
func procCPU(pid int) time.Duration {
	cpu, _, _ := procStat(pid)
	return cpu
}

// procStat reads a process's CPU time and its start time (in clock ticks
// after boot); ok is false when it cannot be read.
func procStat(pid int) (cpu time.Duration, start int64, ok bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// The fields after the command name, which is in parentheses: the
	// state is the first of them (field 3), utime field 14, starttime 22.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 20 {
		return 0, 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	start, err3 := strconv.ParseInt(f[19], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, 0, false
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, start, true
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

// pgIsLocal says whether the database's host (as pgx parsed it) is this
// machine: a Unix socket or a loopback address. Only then may PostgreSQL's
// processes be ours to read (a pid from a server elsewhere means nothing
// here; one in a container's own pid space is not found, and PostgreSQL's
// share is then unknown).
func pgIsLocal(host string) bool {
	if strings.HasPrefix(host, "/") || host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// postgresCPU is the CPU time of every PostgreSQL process the server
// lists (pg_stat_activity: the backends and the background processes,
// the WAL writer among them), by process; nil when none could be read.
func postgresCPU(ctx context.Context, pool *pgxpool.Pool) map[pgProc]time.Duration {
	rows, err := pool.Query(ctx, `SELECT pid FROM pg_stat_activity`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out map[pgProc]time.Duration
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil || !strings.HasPrefix(string(comm), "postgres") {
			continue
		}
		cpu, start, ok := procStat(pid)
		if !ok {
			continue
		}
		if out == nil {
			out = map[pgProc]time.Duration{}
		}
		out[pgProc{pid, start}] = cpu
	}
	if rows.Err() != nil {
		return nil
	}
	return out
}

// redisCPU is the Redis server's own CPU time (INFO cpu: used_cpu_sys and
// used_cpu_user, the main thread and its helpers), wherever it runs; ok is
// false when it cannot be read.
func redisCPU(ctx context.Context, raw string) (cpu time.Duration, ok bool) {
	ropt, err := redis.ParseURL(raw)
	if err != nil {
		return 0, false
	}
	rc := redis.NewClient(ropt)
	defer rc.Close()
	info, err := rc.Info(ctx, "cpu").Result()
	if err != nil {
		return 0, false
	}
	var secs float64
	found := 0
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (k == "used_cpu_sys" || k == "used_cpu_user") {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, false
			}
			secs += f
			found++
		}
	}
	return time.Duration(secs * float64(time.Second)), found == 2
}

// setMachineCPU fills the result's split of the machine's CPU per update
// and the ceiling it sets: the updates a second the machine's cores could
// carry if every update cost what this run's did.
func (r *benchResult) setMachineCPU(before, after machineCPU) {
	if r.Updates == 0 {
		return
	}
	bench, pg, rd, busy, pgKnown, redisKnown := after.used(before)
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(r.Updates) }
	r.BenchCPUMsPerUpdate = per(bench)
	r.PGCPUMsPerUpdate, r.RedisCPUMsPerUpdate = -1, -1
	if pgKnown {
		r.PGCPUMsPerUpdate = per(pg)
	}
	if redisKnown {
		r.RedisCPUMsPerUpdate = per(rd)
	}
	r.MachineCPUMsPerUpdate = per(busy)
	// The CPUs this process may use; /proc/stat counts every CPU of the
	// host, so in a container held to fewer the ceiling is optimistic.
	r.Cores = runtime.NumCPU()
	if r.MachineCPUMsPerUpdate > 0 {
		r.MachineCeiling = float64(r.Cores) * 1000 / r.MachineCPUMsPerUpdate
	}
}

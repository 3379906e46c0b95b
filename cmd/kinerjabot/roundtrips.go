package main

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

// roundTrips counts the bot's Redis round trips (a command, a script or a
// pipeline each) and Postgres queries (a query, an Exec — a transaction's
// BEGIN and COMMIT among them — or a batch each): the bench prints them per
// update, and a test counts what one plain step costs. The instance
// heartbeat (a SET every 0.3 s, whatever the load) is left out.
type roundTrips struct {
	redis, pg atomic.Int64
}

func (c *roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if !heartbeat(cmd) {
			c.redis.Add(1)
		}
		return next(ctx, cmd)
	}
}

func (c *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.redis.Add(1)
		return next(ctx, cmds)
	}
}

// heartbeat tells the instance key's renewal and removal apart.
func heartbeat(cmd redis.Cmder) bool {
	args := cmd.Args()
	if len(args) < 2 || (cmd.Name() != "set" && cmd.Name() != "del") {
		return false
	}
	key, _ := args[1].(string)
	return strings.Contains(key, "instance:")
}

func (c *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.pg.Add(1)
	return ctx
}

func (c *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.pg.Add(1)
	return ctx
}

func (c *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (c *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// counts reads both counters.
func (c *roundTrips) counts() (redis, pg int64) { return c.redis.Load(), c.pg.Load() }

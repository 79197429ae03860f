// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the server that DIGESTBOT_TEST_POSTGRES names, dropped when the
// test ends. (internal/netfault plays a database that goes away.)
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Env names the environment variable that holds the server's URL;
// `.ci/run` sets it.
const Env = "DIGESTBOT_TEST_POSTGRES"

var seq atomic.Int64

// Available reports whether Env names a server, and why not.
func Available() (ok bool, why string) {
	if os.Getenv(Env) == "" {
		return false, Env + " is not set: PostgreSQL tests are skipped"
	}
	return true, ""
}

// Schema makes a schema of the test's own, dropped when the test ends, and
// returns the database URL that uses it (search_path). It skips the test
// when Env is not set.
func Schema(tb testing.TB, prefix string) string {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		tb.Skip(Env + " is not set: PostgreSQL tests are skipped")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), seq.Add(1))
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
		tb.Fatalf("drop old schema %s: %v", schema, err)
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

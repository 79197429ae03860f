package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/pgtest"
)

// postgresFixture returns the PostgreSQL fixture, or nil (the PostgreSQL
// half is skipped) when pgtest.Env is unset. Each database it makes is a
// schema of its own, dropped when the test ends.
func postgresFixture(tb testing.TB) *backendFixture {
	if ok, why := pgtest.Available(); !ok {
		tb.Log(why)
		return nil
	}
	return &backendFixture{name: "postgres", newDB: func(tb testing.TB) string {
		tb.Helper()
		return pgtest.Schema(tb, "digestbot_test")
	}}
}

// TestOpenPostgresError checks that a server that cannot be reached gives
// an error naming the store's URL, without its password.
func TestOpenPostgresError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens, the connection is refused.
	_, err := Open(ctx, "postgres://digestbot:s3cret@127.0.0.1:1/digestbot?connect_timeout=5")
	if err == nil {
		t.Fatal("Open(unreachable server) succeeded")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "store: open postgres://digestbot:xxxxx@127.0.0.1:1/digestbot") || strings.Contains(msg, "s3cret") {
		t.Errorf("Open error = %q; want it to name the URL without the password", msg)
	}
	_, err = Open(ctx, "postgres://127.0.0.1:1/x?password=s3cret&connect_timeout=5")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open error = %v; want an error without the password", err)
	}
	_, err = Open(ctx, "mysql://127.0.0.1/x")
	if err == nil || !strings.Contains(err.Error(), "unsupported") {
		t.Errorf("Open(mysql://) = %v; want unsupported", err)
	}
}

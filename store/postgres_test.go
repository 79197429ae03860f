package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// postgresEnv names the environment variable holding the URL of a
// PostgreSQL database for tests, such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const postgresEnv = "DIGESTBOT_TEST_POSTGRES"

var schemaSeq atomic.Int64

// postgresFixture returns the PostgreSQL fixture, or nil (the PostgreSQL
// half is skipped) when postgresEnv is unset. Each database it makes is a
// schema of its own, dropped when the test ends.
func postgresFixture(tb testing.TB) *backendFixture {
	base := os.Getenv(postgresEnv)
	if base == "" {
		tb.Logf("%s not set: skipping PostgreSQL", postgresEnv)
		return nil
	}
	return &backendFixture{name: "postgres", newDB: func(tb testing.TB) string {
		tb.Helper()
		ctx := context.Background()
		schema := fmt.Sprintf("digestbot_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Fatalf("%s: %v", postgresEnv, err)
		}
		defer conn.Close(ctx)
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
			tb.Fatalf("%s: %v", postgresEnv, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
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

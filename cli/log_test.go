package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// TestNewLogger checks that the logger keeps the configuration's level and
// format: the one place a level becomes a handler's.
func TestNewLogger(t *testing.T) {
	tests := []struct {
		level        slog.Level
		format       string
		debug, error bool
		json         bool
	}{
		{slog.LevelDebug, "json", true, true, true},
		{slog.LevelInfo, "auto", false, true, true}, // not a terminal: JSON
		{slog.LevelWarn, "text", false, true, false},
		{slog.LevelError, "json", false, true, true},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		log := NewLogger(&buf, tt.level, tt.format)
		ctx := context.Background()
		if got := log.Enabled(ctx, slog.LevelDebug); got != tt.debug {
			t.Errorf("NewLogger(%v, %q) debug enabled = %v; want %v", tt.level, tt.format, got, tt.debug)
		}
		if got := log.Enabled(ctx, slog.LevelError); got != tt.error {
			t.Errorf("NewLogger(%v, %q) error enabled = %v; want %v", tt.level, tt.format, got, tt.error)
		}
		log.Error("boom", "brief", "morning")
		line := strings.TrimSpace(buf.String())
		if got := json.Valid([]byte(line)); got != tt.json {
			t.Errorf("NewLogger(%v, %q) wrote %q; JSON = %v, want %v", tt.level, tt.format, line, got, tt.json)
		}
	}
}

package cli

import (
	"io"
	"log/slog"
	"os"
)

// NewLogger returns a slog logger at level: text on a terminal, JSON
// otherwise (format "auto"), or as asked ("text", "json").
func NewLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" || format != "text" && !IsTerminal(w) {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// IsTerminal reports whether w is a terminal, where a progress line (or
// a log for people) is shown.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

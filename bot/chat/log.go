package chat

import "log/slog"

// LoggerOr returns l, or slog.Default() when l is nil: an adapter given no
// logger still reports its retries and refusals, where the process logs.
func LoggerOr(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}

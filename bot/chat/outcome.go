package chat

// Outcomes of a slash command, as the adapters' Observe functions are told
// them.
const (
	// OutcomeOK is a digest delivered.
	OutcomeOK = "ok"
	// OutcomeFailed is a digest that could not be made; the user was told.
	OutcomeFailed = "failed"
	// OutcomeTimeout is a digest that took longer than its timeout.
	OutcomeTimeout = "timeout"
	// OutcomeUsage is a command answered with how to use it.
	OutcomeUsage = "usage"
	// OutcomeBusy is a command turned away: too many waiting, or shutting
	// down.
	OutcomeBusy = "busy"
	// OutcomeRefused is a request refused: unsigned, badly signed, stale,
	// replayed, malformed or of a kind digestbot does not handle.
	OutcomeRefused = "refused"
	// OutcomeUndelivered is an answer that could not be sent to the
	// platform.
	OutcomeUndelivered = "undelivered"
	// OutcomeCancelled is a command abandoned at shutdown.
	OutcomeCancelled = "cancelled"
)

package news

import (
	"errors"
	"time"
)

// ErrNotOwner is returned (wrapped) by an outbox asked to finish, renew or
// begin sending a delivery that is unknown, already finished, or held by
// another owner: the caller's lease was lost, and another worker may be
// sending it.
var ErrNotOwner = errors.New("delivery not held by this owner")

// Delivery is one digest waiting in the outbox for one destination: the
// bot makes it when a brief runs, the store keeps it, and a sender claims
// it, sends it and records the outcome, so that a post survives a crash or
// an outage and is sent once.
type Delivery struct {
	// ID is the idempotency key: the same brief run, story and destination
	// always give the same ID, and enqueueing an ID already in the outbox
	// is a no-op, even after the delivery is done (until it is pruned).
	ID string
	// Dest names the destination, as written in the config ("slack:#news").
	Dest string
	// Brief names the brief that produced the delivery; empty for ad-hoc
	// digests.
	Brief string
	// StoryID is the story the digest tells.
	StoryID string
	// Payload is the digest, as JSON.
	Payload []byte
	// Attempts counts the claims of the delivery so far, the current one
	// included: a delivery's first claim has Attempts 1.
	Attempts int
	// NextAttempt is when the delivery is next due; zero when enqueued
	// means at once.
	NextAttempt time.Time
	// LastError is the error text of the latest failed attempt.
	LastError string
	// CreatedAt is when the delivery was enqueued; zero when enqueued
	// means now.
	CreatedAt time.Time
	// Owner holds the delivery's lease; empty when it is free. Enqueueing
	// ignores it.
	Owner string
	// LeaseUntil is when Owner's lease ends; zero when the delivery is
	// free.
	LeaseUntil time.Time
	// SendingAt is when the latest attempt began to send; zero when none
	// did, or the last one certainly failed. A claimed delivery with
	// SendingAt set may already be on the platform: its sender stopped
	// between the send and the record of its success.
	SendingAt time.Time
}

// Post is a message a delivery put on a platform, as the outbox records it
// with the delivery: where it landed and what it showed. A story's first
// Post with a Ref at a destination is the thread its updates reply to,
// and the message they mark as updated.
type Post struct {
	// Ref is the adapter's reference to the (first) message posted: an
	// opaque string that only the adapter that made it reads
	// ("C0123ABCD/1736233200.000100" on Slack); empty when the
	// destination tells none (a Slack webhook).
	Ref string
	// Payload is the digest posted, as JSON.
	Payload []byte
}

// Package faults holds no code, only tests: they build the digestbot
// binary once and run it as an operator would, against a loopback news
// feed and loopback fakes of Discord's channel API and of a Slack incoming
// webhook, then break things — kill -9 in the middle of a delivery, a
// platform answering 500, a second SIGTERM, corrupt, unreadable and
// read-only stores, a full disk — and count what the fakes received: every
// destination must get every story of a brief exactly once, and no log line
// may show a secret.
//
// The fake Discord follows Discord's documented behaviour for what it
// implements (see fakeDiscord). Tests wait for outcomes with bounded
// polling and assert counts and states, never durations.
package faults

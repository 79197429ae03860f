// Package replicas proves, with the real digestbot binary, that replicas
// sharing one PostgreSQL post each scheduled brief exactly once, and lose
// none, even when one of them is killed or stopped at any point. It holds
// no code of its own: only tests, their fixtures under testdata/, and this
// story.
//
// # What runs
//
// TestMain builds the binary once. Each test makes a schema of its own in
// the database named by DIGESTBOT_TEST_POSTGRES (and skips without it),
// writes one configuration, and starts three `digestbot run` processes on
// it, each on its own loopback port (listen: 127.0.0.1:0), each waited for
// until its /healthz answers. Their scheduler runs on a fast clock
// (bot.FastClock, through the run command's --clock-start, --clock-epoch
// and --clock-rate flags): all three are given the same start, wall-clock
// epoch and rate, so they read the same time, and so does a replica
// restarted later.
//
// Everything remote is on loopback:
//
//   - a newsroom (httptest) serving one RSS feed per brief, with two
//     full-text items about an invented story of the brief's own town
//     (testdata/feed.xml.tmpl, testdata/towns.txt). Briefs each scheduled
//     once, two to a minute, make runs that each have a story of their own
//     to post; one brief on a `* * * * *` schedule would post its story
//     once and then, rightly, nothing new.
//   - a fake Discord channel API: POST /api/v10/channels/{id}/messages
//     answers with the created message, and, as Discord documents for
//     Create Message, with enforce_nonce a second create carrying a nonce
//     the same author used in the past few minutes returns the existing
//     message instead of creating another. It records what each channel
//     shows, and implements nothing else (no rate limits, no other route).
//
// Each brief posts to two of five channels, so that a channel takes one
// post in five: Discord allows five messages per five seconds per channel,
// and digestbot's client keeps to that in each process, so that with
// every brief in one channel, pacing, not scheduling, would be measured.
//
// # The scenarios
//
//   - TestReplicasExactlyOnce: fifty briefs on three healthy replicas,
//     stopped with SIGTERM once all is delivered.
//   - TestReplicasKilled: the same fifty briefs while a chaos loop kills
//     one replica at a time with SIGKILL and restarts it, six times: at
//     random moments; once while a replica fetches a brief's feed in the
//     middle of a run; once right after the fake Discord created a post
//     and before it answered, so that the post is sent again when the
//     lease expires and only its nonce keeps it single. The plan (order,
//     pauses, victims) comes from a seed that the test logs;
//     DIGESTBOT_CHAOS_SEED replays it.
//   - TestReplicasRollingRestart: twenty briefs; three times, a replica
//     fetching a brief's feed in the middle of a run gets SIGTERM, as in a
//     rolling deploy, and is restarted once it has exited (with status 0).
//
// The replica behind a connection is found through /proc, on Linux.
// Each scenario requires that every run was claimed, that the outbox is
// empty, and that each channel shows each of its briefs exactly once; a
// brief shown otherwise is reported with who claimed its run, its outbox
// rows, the kill that hit its owner and the owner's log lines about it.
//
// # Missed runs
//
// bot.Runner makes up, at start, only the last run missed within the
// grace window. Here only one replica is down at a time and it is
// restarted before the next kill, so two replicas are up whenever a brief
// falls due, and none is missed for want of a scheduler; the grace window
// (1h of clock time) also covers the whole 26-minute rehearsal, and each
// brief runs once, so even a replica left alone would make up every run.
//
// # Time
//
// The clock runs 100 times faster than the wall clock: fifty runs within
// 26 minutes of clock time take about 16 s of real time. Durations the
// runner measures with its clock count in clock time, so --lease 300s is a
// lease of 3 s of real time, and --poll 20s and --retry 20s are 200 ms.
package replicas

// Package chat holds what the chat adapters (bot/slack, bot/discord) share,
// so that each is written once: the admission of slash commands to a
// bounded queue and their graceful shutdown (Admission), the retry policy
// and backoff loop of a request to a platform (Retry, Loop), the clock the
// adapters wait on (Clock), the outcomes a command ends in (OutcomeOK, …),
// the memory of requests answered that refuses a replay (Replays), what a
// user is told of a failed digest (UserMessage), how an adapter's error
// says that no retry can cure it (IsPermanent), what a nil logger means
// (LoggerOr), and what a /digest follow, following or unfollow asks
// (FollowQuery, CutFollow). Package chattest has a fake Clock, a recorder
// of outcomes and one of follow queries for their tests.
//
// It imports no adapter and no other package of digestbot; the adapters
// import it and never each other.
package chat

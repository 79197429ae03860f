// Package slack posts digests to Slack and answers the /digest slash command.
// It wraps github.com/slack-go/slack and satisfies bot.Poster without
// importing package bot.
//
// # Rendering
//
// Messages turns a news.Digest into Block Kit messages: a header block with
// the title, one plain-text section per bullet ("• text"), under each a
// context block linking the bullet's outlets to their articles
// (<url|Outlet>, only for http and https URLs; an outlet with several
// articles as "Reuters (<url1|1>, <url2|2>)", so that every article keeps
// its link), and a footer context with every outlet so linked (a local file
// that names none by its file name, without the folders) and, when
// RenderOptions.Time is set, a <!date> token that Slack shows in the
// reader's time zone.
//
// Text from articles never becomes formatting, a mention or a link. The
// header and the bullets are plain_text, which Slack shows as written. In
// mrkdwn (outlet names, the notification's fallback text) &, < and > are
// escaped as Slack asks (&amp;, &lt;, &gt;), the text objects are verbatim
// (no automatic links or mentions), and *, _, ~ and ` — which verbatim
// does not stop and mrkdwn cannot escape — are replaced by lookalikes
// (∗ ˍ ∼ ˋ) unless they stand between two letters or digits, where Slack
// never formats; a text opening with a quote mark gets an invisible soft
// hyphen first.
//
// Limits are counted in characters (runes), never bytes: a header holds
// HeaderLimit characters and a section SectionLimit; longer text is cut at a
// character boundary, never inside an entity, and ends with "…". A message
// holds at most BlockLimit blocks and MessageBudget characters (the fallback
// text, every text object, and BlockOverhead per block). The budget keeps
// well under the ~13,000 characters at which Slack answers
// msg_blocks_too_long although every block is within its own limit
// (slackapi/bolt-js#2509, #2867). A digest that does not fit is split into
// several messages, each with the header "Title (2/3)"; the footer goes in
// the last. Nothing is ever refused for its length.
//
// Payload prints what `digestbot digest --format slack` shows: the body of a
// chat.postMessage or incoming-webhook call,
//
//	{"text": "…", "blocks": [{"type": "header", …}, …]}
//
// or, for a digest that needs several messages, a JSON array of such
// objects, in posting order.
//
// # Delivery
//
// Channel posts with a bot token through chat.postMessage; Webhook posts to
// an incoming webhook. Both pace their posts to one message per second per
// destination (Slack's published rate; share a Pacer between posters that
// write to the same channel), honour Retry-After on 429, retry 5xx answers
// and failed connections with capped exponential backoff and jitter, and
// fail at once, naming Slack's error, on answers that cannot succeed
// (invalid_auth, channel_not_found, not_in_channel, missing_scope, any 401 or
// 403).
//
// Slack has no idempotency key for chat.postMessage or webhooks, so a retry
// after a post that reached Slack shows the digest twice. Posters therefore
// retry only failures after which the message was refused: a 429, a 5xx
// answer (Slack's front end failing the request), a request that was never
// wholly written (a refused connection, a DNS failure; seen with
// httptrace), and the codes ratelimited, service_unavailable and
// request_timeout. An answer of ok:true is final. A failure after the
// request was written (a reset connection, a timeout while waiting, an
// unreadable 200) and the codes internal_error and fatal_error, after which
// Slack says part of the work may have been done, are not retried: the
// error wraps ErrMaybePosted, for a caller that keeps an outbox. A digest
// split into several messages stops at the first that fails, and the error
// says how many were posted.
//
// # Slash commands
//
// Commands is an http.Handler for POST /slack/commands. It verifies Slack's
// v0 signature with the signing secret (timestamps more than five minutes
// away are refused, and so is a request whose MAC was seen before, however
// its hex is spelled), acknowledges at once with an ephemeral "working on it",
// and makes the digest in a goroutine it owns (bounded by MaxConcurrent,
// stopped by Shutdown or Close). The result goes to the command's
// response_url, in the channel for "/digest public …", else only to the
// user. A response_url must be an https URL on an allowed host
// (DefaultResponseHosts), so a forged request cannot make digestbot post
// elsewhere. "/digest" alone or "/digest help" answers how to use it. When there
// is no digest, only the user is told why, in plain words (the error's
// UserMessage); the error itself, which may name internal addresses, goes
// to the log.
//
// RunSocketMode serves the same command over Socket Mode, for workspaces
// that cannot expose a URL.
package slack

// Package discord renders digests as Discord embeds, delivers them to
// channels and webhooks, and answers the /digest slash command. It
// satisfies package bot's Poster interface without importing bot.
//
// # Rendering
//
// Messages draws one embed per story: the headline as title, linking to
// the article whose headline it is (render.TitleSource; not linked when it
// is none's, or that article has no web address); the bullets as the
// description, "• text — *Outlet, Outlet*", with Discord markdown escaped
// (and "://", so that an address in an article is no link); a "Sources"
// field linking the articles (a local file that names no outlet shows its
// file name there, and credits no bullet); and a footer naming the
// outlets, with the time as the embed timestamp. Discord's limits
// (MaxTitle, MaxDescription, MaxFields, MaxEmbedTotal, MaxEmbeds,
// MaxContent) are counted in characters, as Discord counts them, and are
// met by splitting a story over more embeds and more messages, never by
// failing. BriefMessages does the same for several stories. Payload is
// the JSON that
// "digestbot digest --format discord" prints: one message body
// {"content", "embeds", "allowed_mentions"} as an object, or an array of
// them when the digest needs several messages. Mentions never ping.
//
// # Delivery
//
// Channel posts with a bot token (POST /channels/{id}/messages) and
// Webhook through a webhook URL. Both pace requests to Discord's published
// rates (5 messages per 5 seconds per channel, 50 requests per second per
// bot) and to the X-RateLimit-* headers; a 429 waits for its Retry-After
// (the header or the body's retry_after, in seconds); 5xx answers and
// network errors are retried with capped exponential backoff and jitter;
// other 4xx answers fail at once with Discord's code and message (see
// APIError). After repeated 401/403 answers a circuit stops all requests
// with the credential for ten minutes (ErrCircuitOpen): Discord bans an
// address after 10,000 invalid requests in ten minutes. Channel messages
// carry a nonce with enforce_nonce, reused on retry, so a retried post is
// shown once; webhooks take no nonce, so a retried webhook post can show
// twice.
//
// # Interactions
//
// Interactions is the http.Handler of the Interactions Endpoint URL: it
// checks the Ed25519 signature with discordgo.VerifyInteraction and refuses
// stale timestamps and replays (a signature or an interaction ID seen
// before) itself, answers PING with PONG, defers /digest at once and edits
// the response when the digest is ready; when there is none, it removes
// the public response and tells only the user why, in plain words (an
// ephemeral follow-up). RunGateway feeds it the interactions of a gateway
// session instead, for bots without a public endpoint. Register creates
// the /digest command.
//
// # Endpoints
//
// Every REST call of this package is made by its own small client against
// an API base URL: the APIURL fields (digestbot reads DISCORD_API_URL),
// DefaultAPIURL when empty. discordgo's endpoints are package-level
// variables, so changing them for one session or one test would change
// them for the whole process; this package never changes them. The one
// discordgo session it opens (RunGateway) gets an HTTP client that
// rewrites discordgo's API prefix to APIURL instead. Tokens never appear
// in errors, logs or destination names.
package discord

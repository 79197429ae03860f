package config

import (
	"strings"
	"testing"

	"github.com/digestbot/digestbot/lang"
)

// credentials is an environment with every bot token and webhook set.
var credentials = map[string]string{
	"SLACK_BOT_TOKEN":   "xoxb-0000000000-0000000000000-abcdefghijklmnopqrstuvwx",
	"DISCORD_BOT_TOKEN": "MTA0NTY3ODkwMTIzNDU2Nzg5MA.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789",
	"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx",
}

// destinationsYAML names a destination of each kind that needs a
// credential, read with and without credentials.
const destinationsYAML = `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: a
    feeds: [world]
    schedule: "0 7 * * *"
    to: [slack:#news, discord:123456789012345678, "slack-webhook:${SLACK_WEBHOOK_URL}"]
`

// codes lists the languages lang.Detect returns, as problems list them.
var codes = strings.Join(lang.Codes(), ", ")

// env returns a getenv over m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// problemTests are configuration files, each with every problem that
// Parse must report, as "FILE:LINE: FIELD: MESSAGE".
var problemTests = []struct {
	name string
	env  map[string]string
	yaml string
	want []string
}{
	{
		name: "valid",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * 1-5"
    timezone: Europe/Paris
`,
		want: []string{},
	},
	{
		name: "filters",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: a
    feeds: [world]
    schedule: "@daily"
    include: [climate, "", "--", Climate, new-york, New York, {word: x}, C++]
    exclude: [football, CLIMATE, "new york"]
    min_outlets: 0
  - name: b
    feeds: [world]
    schedule: "@daily"
    include: []
    exclude: "  "
    min_outlets: many
  - name: c
    feeds: [world]
    schedule: "@daily"
    include: ${TOPIC}
    exclude: [[x]]
    min_outlets: [2]
  - name: d
    feeds: [world]
    schedule: "@daily"
    include: [G7, "São Paulo"]
    exclude: sao paulo
    min_outlets: 1
    mini_outlets: 2
`,
		want: []string{
			`digestbot.yaml:7: briefs[0].include[6]: want a string, not a mapping`,
			`digestbot.yaml:7: briefs[0].include[1]: empty: write a word or phrase, such as "climate"`,
			`digestbot.yaml:7: briefs[0].include[2]: "--" has no letter or digit to match`,
			`digestbot.yaml:7: briefs[0].include[3]: warning: "Climate" is listed twice`,
			`digestbot.yaml:7: briefs[0].include[5]: warning: "New York" matches what "new-york" matches: the words "new york"`,
			`digestbot.yaml:7: briefs[0].include[7]: warning: "C++": only letters and digits are matched, as the words "c"`,
			`digestbot.yaml:8: briefs[0].exclude[1]: "CLIMATE" is also in briefs[0].include[0]: a story about it cannot be both wanted and left out`,
			`digestbot.yaml:8: briefs[0].exclude[2]: "new york" is also in briefs[0].include[4]: a story about it cannot be both wanted and left out`,
			`digestbot.yaml:9: briefs[0].min_outlets: 0: a story has at least 1 outlet`,
			`digestbot.yaml:13: briefs[1].include: empty: list words or phrases, such as ["climate"], or leave include out`,
			`digestbot.yaml:14: briefs[1].exclude: empty: write a word or phrase, such as "football"`,
			`digestbot.yaml:15: briefs[1].min_outlets: want a whole number, not "many"`,
			`digestbot.yaml:19: briefs[2].include: environment variable TOPIC is not set`,
			`digestbot.yaml:20: briefs[2].exclude[0]: want a string, not a list`,
			`digestbot.yaml:21: briefs[2].min_outlets: want a whole number, not a list`,
			`digestbot.yaml:26: briefs[3].exclude: "sao paulo" is also in briefs[3].include[1]: a story about it cannot be both wanted and left out`,
			`digestbot.yaml:28: briefs[3].mini_outlets: unknown key; did you mean min_outlets?`,
		},
	},
	{
		name: "unknown keys at every level",
		yaml: `stor: x.db
log:
  levle: debug
feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: morning
    feeds: [world]
    schedule: "@daily"
    storys: 3
destinations:
  news: {to: "stdout", tokn: x}
slash:
  slack: {signing_secrt: x}
  teams: {}
`,
		want: []string{
			"digestbot.yaml:1: stor: unknown key; did you mean store?",
			"digestbot.yaml:3: log.levle: unknown key; did you mean level?",
			"digestbot.yaml:10: briefs[0].storys: unknown key; did you mean stories?",
			"digestbot.yaml:12: destinations.news.tokn: unknown key; did you mean token?",
			"digestbot.yaml:14: slash.slack.signing_secrt: unknown key; did you mean signing_secret?",
			"digestbot.yaml:15: slash.teams: unknown key; the keys here are feeds, languages, slack, discord",
		},
	},
	{
		name: "languages",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: a
    feeds: [world]
    schedule: "@daily"
    languages: [en, FR, fr-CA, xx, French, fr, ""]
  - name: b
    feeds: [world]
    schedule: "@daily"
    languages: sw
  - name: c
    feeds: [world]
    schedule: "@daily"
    languages: []
  - name: d
    feeds: [world]
    schedule: "@daily"
    languages:
      - de
      - {code: es}
slash:
  languages: [ur, zh-Hans]
`,
		want: []string{
			`digestbot.yaml:7: briefs[0].languages[2]: "fr-CA" is not a language code: write fr`,
			`digestbot.yaml:7: briefs[0].languages[3]: "xx" is not a language that digestbot detects: write one of ` + codes,
			`digestbot.yaml:7: briefs[0].languages[4]: "French" is not a language that digestbot detects: write one of ` + codes,
			`digestbot.yaml:7: briefs[0].languages[5]: warning: fr is listed twice`,
			`digestbot.yaml:7: briefs[0].languages[6]: empty: write an ISO 639-1 code such as en or fr`,
			`digestbot.yaml:11: briefs[1].languages: "sw" is not a language that digestbot detects: write one of ` + codes,
			`digestbot.yaml:15: briefs[2].languages: empty: name the languages wanted, such as [en, fr], or leave languages out for every language`,
			`digestbot.yaml:21: briefs[3].languages[1]: want a string, not a mapping`,
			`digestbot.yaml:23: slash.languages[1]: "zh-Hans" is not a language code: write zh`,
		},
	},
	{
		name: "bad cron lines",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: a
    feeds: [world]
    schedule: "0 7 * *"
  - name: b
    feeds: [world]
    schedule: "0 0 7 * * 1-5"
  - name: c
    feeds: [world]
    schedule: "0 25 * * *"
  - name: d
    feeds: [world]
    schedule: "0 0 30 2 *"
  - name: e
    feeds: [world]
    schedule: "CRON_TZ=Europe/Paris"
  - name: f
    feeds: [world]
  - name: g
    feeds: [world]
    schedule: "@fortnightly"
  - name: h
    feeds: [world]
    schedule: "@every 10s"
  - name: i
    feeds: [world]
    schedule: "@every 2h"
  - name: j
    feeds: [world]
    schedule: "30 6 * * MON-FRI"
`,
		want: []string{
			"digestbot.yaml:6: briefs[0].schedule: bad cron line \"0 7 * *\": expected exactly 5 fields, found 4: [0 7 * *] (the fields: minute hour day-of-month month day-of-week, as in \"0 7 * * 1-5\")",
			"digestbot.yaml:9: briefs[1].schedule: bad cron line \"0 0 7 * * 1-5\": expected exactly 5 fields, found 6: [0 0 7 * * 1-5] (the fields: minute hour day-of-month month day-of-week, as in \"0 7 * * 1-5\")",
			"digestbot.yaml:12: briefs[2].schedule: bad cron line \"0 25 * * *\": end of range (25) above maximum (23): 25 (the fields: minute hour day-of-month month day-of-week, as in \"0 7 * * 1-5\")",
			"digestbot.yaml:15: briefs[3].schedule: \"0 0 30 2 *\" never fires: no such date",
			"digestbot.yaml:18: briefs[4].schedule: nothing after CRON_TZ=Europe/Paris: add the five cron fields, such as \"0 7 * * 1-5\"",
			"digestbot.yaml:19: briefs[5].schedule: missing: when the brief runs, a cron line such as \"0 7 * * 1-5\" (07:00 on weekdays)",
			"digestbot.yaml:23: briefs[6].schedule: bad cron line \"@fortnightly\": unrecognized descriptor: @fortnightly (the fields: minute hour day-of-month month day-of-week, as in \"0 7 * * 1-5\")",
			"digestbot.yaml:26: briefs[7].schedule: \"@every 10s\" is more often than once a minute",
		},
	},
	{
		name: "time zones",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: a
    feeds: [world]
    schedule: "0 7 * * *"
    timezone: Europe/Pariss
  - name: b
    feeds: [world]
    schedule: "CRON_TZ=Mars/Base 0 7 * * *"
  - name: c
    feeds: [world]
    schedule: "CRON_TZ=America/New_York 0 7 * * *"
    timezone: Europe/Paris
  - name: d
    feeds: [world]
    schedule: "CRON_TZ=Europe/Paris 0 7 * * *"
    timezone: Europe/Paris
`,
		want: []string{
			"digestbot.yaml:7: briefs[0].timezone: unknown time zone \"Europe/Pariss\": use an IANA name such as Europe/Paris or America/New_York",
			"digestbot.yaml:10: briefs[1].schedule: unknown time zone \"Mars/Base\" in CRON_TZ=Mars/Base: use an IANA name such as Europe/Paris",
			"digestbot.yaml:13: briefs[2].schedule: CRON_TZ=America/New_York disagrees with timezone: Europe/Paris: give the zone once",
		},
	},
	{
		name: "destinations without credentials",
		yaml: destinationsYAML,
		want: []string{
			"digestbot.yaml:7: briefs[0].to[0]: slack:#news needs a bot token: set SLACK_BOT_TOKEN in the environment, or post by webhook with slack-webhook:${SLACK_WEBHOOK_URL}",
			"digestbot.yaml:7: briefs[0].to[1]: discord:123456789012345678 needs a bot token: set DISCORD_BOT_TOKEN in the environment, or post by webhook with discord-webhook:${DISCORD_WEBHOOK_URL}",
			"digestbot.yaml:7: briefs[0].to[2]: environment variable SLACK_WEBHOOK_URL is not set",
		},
	},
	{
		name: "destinations with credentials",
		env:  credentials,
		yaml: destinationsYAML,
		want: []string{},
	},
	{
		name: "bad destinations",
		yaml: `feeds:
  world: [https://example.com/world.rss]
destinations:
  slack: slack:#news
  hook:
    to: discord-webhook:${DISCORD_WEBHOOK_URL}
    token: ${DISCORD_BOT_TOKEN}
  empty:
briefs:
  - name: a
    feeds: [world]
    schedule: "0 7 * * *"
    to:
      - slack:
      - discord:#general
      - teams:general
      - https://example.com/hook
      - slack-webhook:not-a-url
      - newsroom
      - hook
      - stdout
      - stdout
`,
		want: []string{
			"digestbot.yaml:4: destinations.slack: a name cannot be empty, hold \":\", or be a kind of destination (stdout, slack, discord …)",
			"digestbot.yaml:6: destinations.hook.to: environment variable DISCORD_WEBHOOK_URL is not set",
			"digestbot.yaml:8: destinations.empty: no destination: write one such as slack:#news",
			"digestbot.yaml:14: briefs[0].to[0]: a mapping: write the destination as one string with no space after its colon, such as slack:#news",
			"digestbot.yaml:15: briefs[0].to[1]: \"discord:#general\": discord: the channel ID is a number (Discord's Developer Mode → Copy Channel ID)",
			"digestbot.yaml:16: briefs[0].to[2]: \"teams:general\": unknown kind \"teams\": want slack:#channel, discord:CHANNEL_ID, slack-webhook:URL, discord-webhook:URL or stdout",
			"digestbot.yaml:17: briefs[0].to[3]: \"https://example.com/…\": a bare URL: write slack-webhook:URL or discord-webhook:URL",
			"digestbot.yaml:18: briefs[0].to[4]: \"slack-webhook:…\": slack-webhook: want the webhook's https:// URL",
			"digestbot.yaml:19: briefs[0].to[5]: no destination named \"newsroom\" under destinations; or want slack:#channel, discord:CHANNEL_ID, slack-webhook:URL, discord-webhook:URL or stdout",
			"digestbot.yaml:22: briefs[0].to[8]: warning: stdout is listed twice",
		},
	},
	{
		name: "feed groups names and stories",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: morning
    feeds: [wrld, europe, https://example.com/x.rss]
    schedule: "0 7 * * *"
    stories: 0
  - name: morning
    feeds: [world]
    schedule: "0 8 * * *"
    first_run: sometimes
  - feeds: [world]
    schedule: "0 9 * * *"
  - name: nofeeds
    schedule: "0 9 * * *"
`,
		want: []string{
			"digestbot.yaml:5: briefs[0].feeds[0]: no feed group \"wrld\" under feeds; did you mean world?",
			"digestbot.yaml:5: briefs[0].feeds[1]: no feed group \"europe\" under feeds",
			"digestbot.yaml:5: briefs[0].feeds[2]: \"https://example.com/x.rss\" is a URL: list it in a group under feeds: and name the group here",
			"digestbot.yaml:7: briefs[0].stories: 0: a brief posts at least 1 story",
			"digestbot.yaml:8: briefs[1].name: \"morning\" is already the name of briefs[0]: brief names are unique",
			"digestbot.yaml:11: briefs[1].first_run: \"sometimes\" is not latest or all",
			"digestbot.yaml:12: briefs[2].name: missing: name the brief, such as name: morning",
			"digestbot.yaml:14: briefs[3].feeds: missing: name the feed groups the brief reads, such as feeds: [world]",
		},
	},
	{
		name: "empty values",
		yaml: `store:
listen: ~
feeds:
  world: [https://example.com/world.rss]
  none:
briefs:
  - name:
    feeds: []
    schedule:
    to:
  - name: b
    feeds:
    schedule: ""
  -
`,
		want: []string{
			"digestbot.yaml:5: feeds.none: no feeds: list the group's feed URLs, such as [https://feeds.bbci.co.uk/news/world/rss.xml]",
			"digestbot.yaml:7: briefs[0].name: missing: name the brief, such as name: morning",
			"digestbot.yaml:8: briefs[0].feeds: missing: name the feed groups the brief reads, such as feeds: [world]",
			"digestbot.yaml:9: briefs[0].schedule: missing: when the brief runs, a cron line such as \"0 7 * * 1-5\" (07:00 on weekdays)",
			"digestbot.yaml:12: briefs[1].feeds: missing: name the feed groups the brief reads, such as feeds: [world]",
			"digestbot.yaml:13: briefs[1].schedule: empty: when the brief runs, a cron line such as \"0 7 * * 1-5\" (07:00 on weekdays)",
			"digestbot.yaml:14: briefs[2]: empty brief: give it a name:, feeds: and schedule:",
		},
	},
	{
		name: "feed urls",
		yaml: `feeds:
  world:
    - https://example.com/world.rss
    - ftp://example.com/world.rss
    - testdata/feed.xml
    - testdata/missing.xml
    - https:///nohost
  empty: []
  one: https://example.com/one.rss
briefs:
  - name: morning
    feeds: [world, one]
    schedule: "0 7 * * *"
`,
		want: []string{
			"digestbot.yaml:4: feeds.world[1]: ftp: is not a feed's scheme: feeds are http(s) URLs or files",
			"digestbot.yaml:6: feeds.world[3]: \"testdata/missing.xml\" is neither an http(s) URL nor an existing file",
			"digestbot.yaml:7: feeds.world[4]: \"https:///nohost\" has no host",
			"digestbot.yaml:8: feeds.empty: no feeds: list the group's feed URLs, such as [https://feeds.bbci.co.uk/news/world/rss.xml]",
		},
	},
	{
		name: "feed windows",
		yaml: `feeds:
  world:
    - url: https://example.com/a.rss
      max_age: 2 days
      max_items: -3
    - {url: https://example.com/b.rss, max_age: -1h, max_items: many}
    - {max_age: 24h}
    - {url: https://example.com/c.rss, colour: blue}
  again:
    - {url: https://example.com/a.rss, max_age: 24h}
    - {url: https://example.com/d.rss, max_age: 24h}
  more:
    - {url: https://example.com/d.rss, max_age: 12h}
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
`,
		want: []string{
			"digestbot.yaml:4: feeds.world[0].max_age: \"2 days\" is not a duration such as 48h or 168h (a week); 0 reads items of any age",
			"digestbot.yaml:5: feeds.world[0].max_items: -3 is negative; 0 reads every item",
			"digestbot.yaml:6: feeds.world[1].max_age: \"-1h\" is negative; 0 reads items of any age",
			"digestbot.yaml:6: feeds.world[1].max_items: want a whole number, not \"many\"",
			"digestbot.yaml:7: feeds.world[2].url: missing: the feed's http(s) URL or file",
			"digestbot.yaml:8: feeds.world[3].colour: unknown key; the keys here are url, max_age, max_items",
			"digestbot.yaml:13: feeds.more[0]: the feed's window is set twice, differently (first on line 11): set it once",
		},
	},
	{
		name: "store listen ranges grace log",
		yaml: `store: mysql://db.example/digest
listen: localhost
allowed_ranges: [10.0.0.0/8, 192.168.1.1, 10.1.2.3/8, not-a-range]
grace: -5m
log: {level: loud, format: xml}
feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
`,
		want: []string{
			"digestbot.yaml:1: store: mysql:// is not a store: write a file path (SQLite) or a postgres:// URL",
			"digestbot.yaml:2: listen: \"localhost\" is not host:port, such as 127.0.0.1:8080 or :8080",
			"digestbot.yaml:3: allowed_ranges[2]: warning: \"10.1.2.3/8\" has host bits set: it means 10.0.0.0/8",
			"digestbot.yaml:3: allowed_ranges[3]: \"not-a-range\" is not an address range in CIDR form, such as 10.0.0.0/8 or fd00::/8",
			"digestbot.yaml:4: grace: \"-5m\" is negative: 0 skips every missed brief",
			"digestbot.yaml:5: log.level: \"loud\" is not debug, info, warn or error",
			"digestbot.yaml:5: log.format: \"xml\" is not auto, text or json",
		},
	},
	{
		name: "retention too short",
		yaml: `retention: 48h
briefs: []
`,
		want: []string{
			"digestbot.yaml:1: retention: \"48h\" is shorter than 168h (a week): a story posted and forgotten while its articles can still be grouped would be posted again",
			"digestbot.yaml:2: briefs: warning: no briefs: the bot will post nothing on its own",
		},
	},
	{
		name: "retention not a duration",
		yaml: `briefs: []
retention: a month
`,
		want: []string{
			"digestbot.yaml:1: briefs: warning: no briefs: the bot will post nothing on its own",
			"digestbot.yaml:2: retention: \"a month\" is not a duration such as 720h (30 days)",
		},
	},
	{
		name: "store folder missing and listen port",
		yaml: `store: no/such/folder/digestbot.db
listen: "127.0.0.1:99999"
grace: soon
briefs: []
`,
		want: []string{
			"digestbot.yaml:1: store: the folder of no/such/folder/digestbot.db does not exist: create it, or store elsewhere",
			"digestbot.yaml:2: listen: \"127.0.0.1:99999\" is not host:port, such as 127.0.0.1:8080 or :8080",
			"digestbot.yaml:3: grace: \"soon\" is not a duration such as 1h or 30m",
			"digestbot.yaml:4: briefs: warning: no briefs: the bot will post nothing on its own",
		},
	},
	{
		name: "digest shape",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
    words: 3
    bullets: -1
    max_bullet_words: 2
    order: random
  - name: evening
    feeds: [world]
    schedule: "0 19 * * *"
    words: many
  - name: noon
    feeds: [world]
    schedule: "0 12 * * *"
    words: lots
    bullets: -3
    order: newest
`,
		want: []string{
			"digestbot.yaml:7: briefs[0].words: 3 is too small: a digest needs at least one bullet of 6 words",
			"digestbot.yaml:8: briefs[0].bullets: -1 is negative",
			"digestbot.yaml:9: briefs[0].max_bullet_words: 2 is too small: bullets have at least 6 words",
			"digestbot.yaml:10: briefs[0].order: \"random\" is not rank or source",
			"digestbot.yaml:14: briefs[1].words: want a whole number, not \"many\"",
			// An unreadable number hides no other problem of its brief.
			"digestbot.yaml:18: briefs[2].words: want a whole number, not \"lots\"",
			"digestbot.yaml:19: briefs[2].bullets: -3 is negative",
			"digestbot.yaml:20: briefs[2].order: \"newest\" is not rank or source",
		},
	},
	{
		name: "secrets written in the file",
		yaml: `store: postgres://digest:hunter2hunter2@db.example/digest
feeds:
  world: [https://example.com/world.rss]
destinations:
  team: slack-webhook:https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
    to:
      - team
      - discord-webhook:https://discord.com/api/webhooks/123456789012345678/aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
slash:
  slack:
    signing_secret: 8f742231b10e8888abcd99yyyzzz85a5
    app_token: xapp-1-A0000-0000000000-abcdef0123456789
`,
		want: []string{
			"digestbot.yaml:1: store: warning: a database password is written in the file: keep secrets in the environment, write ${DATABASE_URL} instead",
			"digestbot.yaml:5: destinations.team: warning: a Slack webhook URL is written in the file: keep secrets in the environment, write ${SLACK_WEBHOOK_URL} instead",
			"digestbot.yaml:12: briefs[0].to[1]: warning: a Discord webhook URL is written in the file: keep secrets in the environment, write ${DISCORD_WEBHOOK_URL} instead",
			"digestbot.yaml:15: slash.slack.signing_secret: warning: a secret is written in the file: keep secrets in the environment, write ${SLACK_SIGNING_SECRET} instead",
			"digestbot.yaml:16: slash.slack.app_token: warning: a Slack app token is written in the file: keep secrets in the environment, write ${SLACK_APP_TOKEN} instead",
		},
	},
	{
		name: "environment variables",
		yaml: `feeds:
  world: ["${WORLD_FEED}"]
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
    timezone: ${BRIEF_TZ:-Europe/Paris}
    to:
      - ${DIGEST_TO:-stdout}
      - slack-webhook:${BAD NAME}
      - slack:${SLACK_CHANNEL
      - slack-webhook:$${NOT_EXPANDED}
`,
		want: []string{
			"digestbot.yaml:2: feeds.world[0]: environment variable WORLD_FEED is not set",
			"digestbot.yaml:10: briefs[0].to[1]: malformed ${…}: write ${NAME} or ${NAME:-default}, NAME of letters, digits and _",
			"digestbot.yaml:11: briefs[0].to[2]: unclosed ${: write ${NAME}, or $${ for a literal ${",
			"digestbot.yaml:12: briefs[0].to[3]: \"slack-webhook:…\": slack-webhook: want the webhook's https:// URL",
		},
	},
	{
		name: "wrong types",
		yaml: `feeds: [https://example.com/world.rss]
briefs:
  name: morning
slash: true
`,
		want: []string{
			"digestbot.yaml:1: feeds: want a mapping of group names to feed URLs, not a list",
			"digestbot.yaml:3: briefs: want a list, not a mapping",
			"digestbot.yaml:4: slash: want a mapping (feeds:, languages:, slack:, discord:), not a single value",
		},
	},
	{
		name: "wrong types inside",
		yaml: `feeds:
  world: {url: https://example.com/world.rss}
briefs:
  - name: [morning]
    feeds: [world]
    schedule: "0 7 * * *"
    stories: {n: 5}
    to: {slack: "#news"}
  - just a string
  -
`,
		want: []string{
			"digestbot.yaml:2: feeds.world: want a list, not a mapping",
			"digestbot.yaml:4: briefs[0].name: want a string, not a list",
			"digestbot.yaml:7: briefs[0].stories: want a whole number, not a mapping",
			"digestbot.yaml:8: briefs[0].to: want a list, not a mapping",
			"digestbot.yaml:9: briefs[1]: want a brief (name:, feeds:, schedule: …), not a single value",
			"digestbot.yaml:10: briefs[2]: empty brief: give it a name:, feeds: and schedule:",
		},
	},
	{
		name: "repeated keys",
		yaml: `store: a.db
feeds:
  world: [https://example.com/world.rss]
  world: [https://example.com/other.rss]
store: b.db
`,
		want: []string{
			"digestbot.yaml:1: briefs: warning: no briefs: the bot will post nothing on its own",
			"digestbot.yaml:4: feeds.world: set twice: first on line 3",
			"digestbot.yaml:5: store: set twice: first on line 1",
		},
	},
	{
		name: "two documents",
		yaml: `feeds:
  world: [https://example.com/world.rss]
---
store: b.db
`,
		want: []string{
			"digestbot.yaml:1: briefs: warning: no briefs: the bot will post nothing on its own",
			"digestbot.yaml:3: a second YAML document: a configuration file holds one",
		},
	},
	{
		name: "empty file",
		yaml: ``,
		want: []string{
			"digestbot.yaml:1: briefs: warning: no briefs: the bot will post nothing on its own",
		},
	},
	{
		name: "slash commands",
		yaml: `feeds:
  world: [https://example.com/world.rss]
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
slash:
  feeds: [world, europe]
  slack:
    socket_mode: true
  discord:
    public_key: not-hex
    application_id: abc
    gateway: sometimes
`,
		want: []string{
			"digestbot.yaml:8: slash.feeds[1]: no feed group \"europe\" under feeds",
			"digestbot.yaml:10: slash.slack.socket_mode: Socket Mode needs an app token (xapp-…): set SLACK_APP_TOKEN in the environment",
			"digestbot.yaml:10: slash.slack.socket_mode: Socket Mode needs a bot token: set SLACK_BOT_TOKEN in the environment",
			"digestbot.yaml:12: slash.discord.public_key: not a public key: the application's public key is 64 hex digits (Developer Portal → General Information)",
			"digestbot.yaml:13: slash.discord.application_id: not an application ID: it is a number",
			"digestbot.yaml:14: slash.discord.gateway: want true or false, not \"sometimes\"",
		},
	},
	{
		name: "slash commands without tokens",
		yaml: `slash:
  discord:
    gateway: yes
`,
		want: []string{
			"digestbot.yaml:1: briefs: warning: no briefs: the bot will post nothing on its own",
			"digestbot.yaml:3: slash.discord.gateway: the gateway needs a bot token: set DISCORD_BOT_TOKEN in the environment",
		},
	},
}

func TestParseProblems(t *testing.T) {
	for _, tt := range problemTests {
		t.Run(tt.name, func(t *testing.T) {
			c, problems, err := Parse("digestbot.yaml", []byte(tt.yaml), env(tt.env))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if c == nil {
				t.Fatal("Parse returned no Config")
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			wantErrors := false
			for _, w := range tt.want {
				wantErrors = wantErrors || !strings.Contains(w, ": warning: ")
			}
			if HasErrors(problems) != wantErrors {
				t.Errorf("HasErrors = %v; want %v", HasErrors(problems), wantErrors)
			}
		})
	}
}

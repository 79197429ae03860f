package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/digestbot/digestbot/lang"
	"github.com/digestbot/digestbot/news"
)

// decodeYAML parses data into a document node, and the next document if
// there is one (which is a problem). A panic of the YAML parser on hostile
// input is a syntax error.
func decodeYAML(file string, data []byte) (doc, extra *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, extra, err = nil, nil, &SyntaxError{File: file, Message: fmt.Sprint("unreadable YAML: ", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first yaml.Node
	if err := dec.Decode(&first); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, syntaxError(file, data, err)
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, nil, syntaxError(file, data, err)
	default:
		extra = &second
	}
	return &first, extra, nil
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): `) })

func syntaxError(file string, data []byte, err error) *SyntaxError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &SyntaxError{File: file, Message: msg}
	if m := yamlLine().FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Message = err.Error()[len(m[0]):]
	} else if !strings.Contains(msg, "anchor") && !strings.Contains(msg, "alias") {
		// The parser leaves out the line when it is the first.
		e.Line = 1
	}
	// ${NAME} in a [ ] or { } list is the commonest slip: braces end a flow
	// collection. The parser's line may be the one before, so look around.
	if e.Line > 0 && strings.Contains(e.Message, "did not find expected") {
		lines := strings.Split(string(data), "\n")
		for _, l := range []int{e.Line, e.Line + 1, e.Line - 1} {
			if l >= 1 && l <= len(lines) && strings.Contains(lines[l-1], "${") && strings.ContainsAny(lines[l-1], "[{") {
				e.Line = l
				e.Message += `; in [ ] and { }, quote values that hold ${…}, as in ["discord-webhook:${DISCORD_WEBHOOK_URL}"]`
				break
			}
		}
	}
	return e
}

// maxNodes bounds the nodes and keys a file may make the parser visit, so
// that aliases and merges cannot blow up.
const maxNodes = 1_000_000

// parser walks the YAML tree, building a Config and collecting problems.
type parser struct {
	file, dir string
	getenv    func(string) string
	problems  []Problem
	budget    int
	exhausted bool
	// failed holds the fields with a problem, and the fields above them.
	failed map[string]bool
	// groups holds the names of the feed groups read so far.
	groups map[string]bool
	// evidence holds, by destination key, the evidence: of each bot-token
	// destination briefs post to so far, and the field that set it.
	evidence map[string][2]string
}

func (p *parser) add(n *yaml.Node, field string, warning bool, format string, args ...any) {
	line := 1
	if n != nil && n.Line > 0 {
		line = n.Line
	}
	// Messages quote what was written; secret-shaped parts are cut short
	// here too, whatever the message.
	msg := redact(fmt.Sprintf(format, args...))
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Field: redact(field), Message: msg, Warning: warning})
	if p.failed == nil {
		p.failed = map[string]bool{}
	}
	p.failed[field] = true
	for i := range len(field) {
		if field[i] == '.' || field[i] == '[' {
			p.failed[field[:i]] = true
		}
	}
}

func (p *parser) errorf(n *yaml.Node, field, format string, args ...any) {
	p.add(n, field, false, format, args...)
}

func (p *parser) warnf(n *yaml.Node, field, format string, args ...any) {
	p.add(n, field, true, format, args...)
}

// spend counts one visit; false once the budget is spent.
func (p *parser) spend(n *yaml.Node) bool {
	p.budget--
	if p.budget >= 0 {
		return true
	}
	if !p.exhausted {
		p.exhausted = true
		p.errorf(n, "", "too many values (more than %d after aliases and merges): is an alias repeated?", maxNodes)
	}
	return false
}

// resolve follows an alias to its anchored node; it returns nil for an
// absent or null value, or once the budget is spent.
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n == nil || n.Kind == yaml.AliasNode || !p.spend(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return p.resolve(n.Content[0])
	}
	return n
}

// pair is one key and value of a mapping.
type pair struct {
	key  string
	k, v *yaml.Node
}

// pairs returns the entries of a mapping, in order, with merge keys (<<)
// applied, reporting non-mappings, odd keys and repeated keys.
func (p *parser) pairs(n *yaml.Node, field, want string) []pair {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, field, "want %s, not %s", want, kindName(n))
		return nil
	}
	var out, merged []pair
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.spend(k) {
			return out
		}
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = append(merged, p.merge(v, field, want)...)
			continue
		}
		rk := p.resolve(k)
		if rk == nil || rk.Kind != yaml.ScalarNode {
			p.errorf(k, field, "keys are names, not %s", kindName(rk))
			continue
		}
		if first, dup := seen[rk.Value]; dup {
			p.errorf(k, child(field, rk.Value), "set twice: first on line %d", first.Line)
			continue
		}
		seen[rk.Value] = k
		out = append(out, pair{rk.Value, k, v})
	}
	for _, m := range merged {
		if _, dup := seen[m.key]; !dup {
			seen[m.key] = m.k
			out = append(out, m)
		}
	}
	return out
}

// merge returns the entries a merge key brings: a mapping's, or those of
// a list of mappings.
func (p *parser) merge(v *yaml.Node, field, want string) []pair {
	v = p.resolve(v)
	if v != nil && v.Kind == yaml.SequenceNode {
		var out []pair
		for _, item := range v.Content {
			out = append(out, p.pairs(item, field, want)...)
		}
		return out
	}
	return p.pairs(v, field, want)
}

// object is a mapping with a fixed set of keys.
type object map[string]pair

// get returns the value of key, or nil when it is absent or null.
func (o object) get(key string) *yaml.Node {
	v := o[key].v
	if isNull(v) {
		return nil
	}
	return v
}

// isNull reports whether n is absent or null, following aliases.
func isNull(n *yaml.Node) bool {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// node returns the key's node for problems, or fallback when absent.
func (o object) node(key string, fallback *yaml.Node) *yaml.Node {
	if pr, ok := o[key]; ok {
		return pr.k
	}
	return fallback
}

// object reads a mapping whose keys must be among known, reporting the
// others with a suggestion.
func (p *parser) object(n *yaml.Node, field, want string, known []string) object {
	o := object{}
	for _, pr := range p.pairs(n, field, want) {
		if !slices.Contains(known, pr.key) {
			msg := "unknown key"
			if s := suggest(pr.key, known); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += "; the keys here are " + strings.Join(known, ", ")
			}
			p.errorf(pr.k, child(field, pr.key), "%s", msg)
			continue
		}
		o[pr.key] = pr
	}
	return o
}

// str reads a string setting: its value with ${NAME} expanded, and as
// written. ok is false for an absent value, or after reporting one that is
// not a string or needs an unset variable.
func (p *parser) str(n *yaml.Node, field string) (val, raw string, ok bool) {
	n = p.resolve(n)
	if n == nil {
		return "", "", false
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, field, "want a string, not %s", kindName(n))
		return "", "", false
	}
	raw = n.Value
	if sh, found := findSecret(raw); found {
		p.warnf(n, field, "%s is written in the file: keep secrets in the environment, write ${%s} instead", sh.what, sh.env)
	}
	val, missing, err := expand(raw, p.getenv)
	if err != nil {
		p.errorf(n, field, "%v", err)
		return "", raw, false
	}
	for _, name := range missing {
		p.errorf(n, field, "environment variable %s is not set", name)
	}
	return val, raw, len(missing) == 0
}

// secret reads a secret setting, which must come from the environment.
func (p *parser) secret(n *yaml.Node, field, env string) (Secret, bool) {
	val, raw, ok := p.str(n, field)
	if ok && !strings.Contains(raw, "${") {
		if _, found := findSecret(raw); !found {
			p.warnf(n, field, "a secret is written in the file: keep secrets in the environment, write ${%s} instead", env)
		}
	}
	return Secret(val), ok
}

// list reads a list setting; a single value stands for a list of one.
func (p *parser) list(n *yaml.Node, field string) []*yaml.Node {
	n = p.resolve(n)
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	p.errorf(n, field, "want a list, not %s", kindName(n))
	return nil
}

// item is one string of a list setting.
type item struct {
	val, raw string
	node     *yaml.Node
	field    string
}

// elements returns the items of a list setting, unread, each with its
// field: FIELD[i], or FIELD for a single value standing for a list of one.
func (p *parser) elements(n *yaml.Node, field string) []item {
	nodes := p.list(n, field)
	single := len(nodes) == 1 && nodes[0] == p.resolve(n)
	items := make([]item, len(nodes))
	for i, node := range nodes {
		items[i] = item{node: node, field: field}
		if !single {
			items[i].field = fmt.Sprintf("%s[%d]", field, i)
		}
	}
	return items
}

// stringList reads a list of strings, reporting (and skipping) bad items.
func (p *parser) stringList(n *yaml.Node, field string) []item {
	var out []item
	for _, it := range p.elements(n, field) {
		if v, raw, ok := p.str(it.node, it.field); ok {
			out = append(out, item{strings.TrimSpace(v), raw, it.node, it.field})
		}
	}
	return out
}

// scalar reports a value that should be a single value, not a list or
// mapping; it is false for those and for absent values.
func (p *parser) scalar(n *yaml.Node, field, want string) bool {
	r := p.resolve(n)
	if r != nil && r.Kind != yaml.ScalarNode {
		p.errorf(r, field, "want %s, not %s", want, kindName(r))
		return false
	}
	return r != nil
}

// integer reads a whole number.
func (p *parser) integer(n *yaml.Node, field string) (int, bool) {
	if !p.scalar(n, field, "a whole number") {
		return 0, false
	}
	val, raw, ok := p.str(n, field)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(strings.TrimSpace(val))
	if err != nil {
		p.errorf(n, field, "want a whole number, not %s", quote(raw))
		return 0, false
	}
	return i, true
}

// boolean reads true or false.
func (p *parser) boolean(n *yaml.Node, field string) (bool, bool) {
	if !p.scalar(n, field, "true or false") {
		return false, false
	}
	val, raw, ok := p.str(n, field)
	if !ok {
		return false, false
	}
	b, err := parseBool(strings.TrimSpace(val))
	if err != nil {
		p.errorf(n, field, "want true or false, not %s", quote(raw))
		return false, false
	}
	return b, true
}

// parseBool is strconv.ParseBool, also taking YAML 1.1's yes, no, on and
// off.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "on":
		return true, nil
	case "no", "off":
		return false, nil
	}
	return strconv.ParseBool(s)
}

// oneOf reads a string that must be one of choices.
func (p *parser) oneOf(n *yaml.Node, field string, choices ...string) (string, bool) {
	val, raw, ok := p.str(n, field)
	if !ok {
		return "", false
	}
	if !slices.Contains(choices, val) {
		p.errorf(n, field, "%s is not %s", quote(raw), orList(choices))
		return "", false
	}
	return val, true
}

var topKeys = []string{"store", "listen", "grace", "retention", "log", "allowed_ranges", "feeds", "evidence", "destinations", "briefs", "slash", "follow"}

func (p *parser) config(root *yaml.Node) *Config {
	c := &Config{
		Path:      p.file,
		Store:     Store(p.path(DefaultStore)),
		Listen:    DefaultListen,
		Grace:     DefaultGrace,
		Retention: DefaultRetention,
		Log:       LogConfig{Level: slog.LevelInfo, Format: "auto"},
		Follow:    FollowConfig{Every: DefaultFollowEvery},
		Evidence:  EvidenceThread,
	}
	top := p.object(root, "", "a mapping of settings (store:, feeds:, briefs: …)", topKeys)
	if n := top.get("store"); n != nil {
		p.store(c, n)
	}
	if n := top.get("listen"); n != nil {
		p.listen(c, n)
	}
	if d, ok := p.duration(top.get("grace"), "grace", 0, "1h or 30m", "is negative: 0 skips every missed brief"); ok {
		c.Grace = d
	}
	if d, ok := p.duration(top.get("retention"), "retention", MinRetention, "720h (30 days)",
		"is shorter than "+hours(MinRetention)+" (a week): a story posted and forgotten while its articles can still be grouped would be posted again"); ok {
		c.Retention = d
	}
	logs := p.object(top.get("log"), "log", "a mapping (level:, format:)", []string{"level", "format"})
	if v, ok := p.oneOf(logs.get("level"), "log.level", "debug", "info", "warn", "error"); ok {
		c.Log.Level.UnmarshalText([]byte(v)) // cannot fail: slog reads each of these
	}
	if v, ok := p.oneOf(logs.get("format"), "log.format", "auto", "text", "json"); ok {
		c.Log.Format = v
	}
	p.ranges(c, top.get("allowed_ranges"))
	p.feeds(c, top.get("feeds"))
	if v, ok := p.oneOf(top.get("evidence"), "evidence", EvidenceThread, EvidenceOff); ok {
		c.Evidence = v
	}
	p.destinations(c, top.get("destinations"))
	briefs := top.get("briefs")
	p.briefs(c, briefs)
	if len(c.Briefs) == 0 && !p.failedAt("briefs") {
		p.warnf(top.node("briefs", root), "briefs", "no briefs: the bot will post nothing on its own")
	}
	p.slash(c, top.get("slash"), top.node("slash", root))
	p.follow(c, top.get("follow"))
	return c
}

// follow reads follow: (every:, feeds:).
func (p *parser) follow(c *Config, n *yaml.Node) {
	o := p.object(n, "follow", "a mapping (every:, feeds:)", []string{"every", "feeds"})
	if d, ok := p.duration(o.get("every"), "follow.every", 0, "15m", "is negative: 0 turns following off"); ok {
		if d > 0 && d < time.Minute {
			p.errorf(o.get("every"), "follow.every", "%s is shorter than a minute: the feeds would be fetched too often (0 turns following off)", quote(d.String()))
		} else {
			c.Follow.Every = d
		}
	}
	for _, it := range p.stringList(o.get("feeds"), "follow.feeds") {
		if !p.groups[it.val] {
			p.errorf(it.node, it.field, "no feed group %s under feeds", quote(it.raw))
			continue
		}
		c.Follow.Feeds = append(c.Follow.Feeds, it.val)
	}
}

// duration reads a duration of at least least, reporting one that is not a
// duration (with an example) or is too short (with why).
func (p *parser) duration(n *yaml.Node, field string, least time.Duration, example, tooShort string) (time.Duration, bool) {
	val, raw, ok := p.str(n, field)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(strings.TrimSpace(val))
	switch {
	case err != nil:
		p.errorf(n, field, "%s is not a duration such as %s", quote(raw), example)
		return 0, false
	case d < least:
		p.errorf(n, field, "%s %s", quote(raw), tooShort)
		return 0, false
	}
	return d, true
}

// hours formats d in hours, as durations are written in the file: 168h.
func hours(d time.Duration) string {
	return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m")
}

// failedAt reports whether a problem was already found at field or under
// it.
func (p *parser) failedAt(field string) bool { return p.failed[field] }

// path resolves a relative path against the configuration file's folder.
func (p *parser) path(s string) string {
	if filepath.IsAbs(s) {
		return s
	}
	return filepath.Join(p.dir, s)
}

func isPostgres(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

func (p *parser) store(c *Config, n *yaml.Node) {
	val, raw, ok := p.str(n, "store")
	if !ok {
		return
	}
	val = strings.TrimSpace(val)
	switch {
	case val == "":
		p.errorf(n, "store", "empty: write a file path (%s) or a postgres:// URL", DefaultStore)
		return
	case isPostgres(val):
		// The URL may hold a password: messages show it as written when
		// it is a ${NAME}, else without its password, or only its scheme
		// when it cannot be parsed (and the password cannot be found).
		shown := quote(raw)
		if !isEnvRef(raw) {
			shown = strconv.Quote(Store(val).String())
		}
		u, err := url.Parse(val)
		if err != nil {
			p.errorf(n, "store", "%s is not a valid PostgreSQL URL: percent-encode the password's special characters (%%40 for @, %%2F for /, %%23 for #, %%3F for ?, %%20 for a space)", shown)
			return
		}
		if u.Host == "" && u.Query().Get("host") == "" {
			p.errorf(n, "store", "%s names no host: write postgres://USER@HOST/DATABASE", shown)
			return
		}
		if port := u.Port(); port != "" {
			if num, err := strconv.Atoi(port); err != nil || num < 1 || num > 65535 {
				p.errorf(n, "store", "%s: the port is not a number from 1 to 65535", shown)
				return
			}
		}
		c.Store = Store(val)
		return
	case keyValueDSN().MatchString(val):
		p.errorf(n, "store", "a key=value connection string: write it as a URL, postgres://USER:PASSWORD@HOST/DATABASE, with the password percent-encoded")
		return
	case strings.Contains(val, "://"):
		scheme, _, _ := strings.Cut(val, "://")
		p.errorf(n, "store", "%s:// is not a store: write a file path (SQLite) or a postgres:// URL", limit(scheme, 20))
		return
	}
	path := p.path(val)
	shown := path // the resolved path helps, unless it came from the environment
	if strings.Contains(raw, "${") {
		shown = quote(raw)
	}
	shown = redact(shown)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		p.errorf(n, "store", "%s is a folder: name the database file in it, such as %s", shown, DefaultStore)
		return
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		p.errorf(n, "store", "the folder of %s does not exist: create it, or store elsewhere", shown)
		return
	}
	c.Store = Store(path)
}

func (p *parser) listen(c *Config, n *yaml.Node) {
	val, raw, ok := p.str(n, "listen")
	if !ok {
		return
	}
	host, port, err := net.SplitHostPort(strings.TrimSpace(val))
	if err == nil {
		var num int
		num, err = strconv.Atoi(port)
		if err != nil || num < 0 || num > 65535 {
			err = errors.New("bad port")
		} else if strings.ContainsAny(host, " /\t") {
			err = errors.New("bad host")
		}
	}
	if err != nil {
		p.errorf(n, "listen", "%s is not host:port, such as %s or :8080", quote(raw), DefaultListen)
		return
	}
	c.Listen = strings.TrimSpace(val)
}

func (p *parser) ranges(c *Config, n *yaml.Node) {
	for _, it := range p.stringList(n, "allowed_ranges") {
		pfx, err := netip.ParsePrefix(it.val)
		if err != nil {
			addr, aerr := netip.ParseAddr(it.val)
			if aerr != nil {
				p.errorf(it.node, it.field, "%s is not an address range in CIDR form, such as 10.0.0.0/8 or fd00::/8", quote(it.raw))
				continue
			}
			pfx = netip.PrefixFrom(addr, addr.BitLen())
		}
		if pfx.Masked() != pfx {
			p.warnf(it.node, it.field, "%s has host bits set: it means %s", quote(it.raw), pfx.Masked())
			pfx = pfx.Masked()
		}
		c.AllowedRanges = append(c.AllowedRanges, pfx)
	}
}

func (p *parser) feeds(c *Config, n *yaml.Node) {
	set := map[string]*yaml.Node{} // feed → where its window was set
	for _, pr := range p.pairs(n, "feeds", "a mapping of group names to feed URLs") {
		field := child("feeds", pr.key)
		g := FeedGroup{Name: pr.key}
		for _, it := range p.elements(pr.v, field) {
			f := it.field
			u, w, wn, ok := p.feed(it.node, f)
			if !ok {
				continue
			}
			if !slices.Contains(g.URLs, u) {
				g.URLs = append(g.URLs, u)
			}
			if wn == nil {
				continue
			}
			if first, dup := set[u]; dup && c.Windows[u] != w {
				p.errorf(wn, f, "the feed's window is set twice, differently (first on line %d): set it once", first.Line)
				continue
			}
			set[u] = wn
			if c.Windows == nil {
				c.Windows = map[string]FeedWindow{}
			}
			c.Windows[u] = w
		}
		if len(g.URLs) == 0 && !p.failedAt(field) {
			p.errorf(pr.k, field, "no feeds: list the group's feed URLs, such as [https://feeds.bbci.co.uk/news/world/rss.xml]")
		}
		c.Feeds = append(c.Feeds, g)
		if p.groups == nil {
			p.groups = map[string]bool{}
		}
		p.groups[g.Name] = true
	}
}

// feed reads one feed of a group: a URL or path, or a mapping of url:
// and its window (max_age:, max_items:). wn is the node that set a
// window, nil when the feed sets none (it gets DefaultFeedWindow).
func (p *parser) feed(n *yaml.Node, field string) (u string, w FeedWindow, wn *yaml.Node, ok bool) {
	r := p.resolve(n)
	if r == nil || r.Kind != yaml.MappingNode {
		val, raw, ok := p.str(n, field)
		if !ok {
			return "", w, nil, false
		}
		u, ok = p.feedURL(item{strings.TrimSpace(val), raw, n, field})
		return u, w, nil, ok
	}
	o := p.object(r, field, "a feed: its URL, or a mapping of url:, max_age: and max_items:", []string{"url", "max_age", "max_items"})
	un := o.get("url")
	if un == nil {
		p.errorf(r, child(field, "url"), "missing: the feed's http(s) URL or file")
		return "", w, nil, false
	}
	val, raw, ok := p.str(un, child(field, "url"))
	if !ok {
		return "", w, nil, false
	}
	u, ok = p.feedURL(item{strings.TrimSpace(val), raw, un, child(field, "url")})
	w, wok := DefaultFeedWindow, true
	if an := o.get("max_age"); an != nil {
		const anyAge = "; 0 reads items of any age"
		w.MaxAge, wok = p.duration(an, child(field, "max_age"), 0, "48h or 168h (a week)"+anyAge, "is negative"+anyAge)
	}
	if in := o.get("max_items"); in != nil {
		if v, iok := p.integer(in, child(field, "max_items")); !iok {
			wok = false
		} else if v < 0 {
			p.errorf(in, child(field, "max_items"), "%d is negative; 0 reads every item", v)
			wok = false
		} else {
			w.MaxItems = v
		}
	}
	if !ok || !wok {
		return "", w, nil, false
	}
	return u, w, r, true
}

// feedURL checks that a feed is an http(s) URL or an existing file.
func (p *parser) feedURL(it item) (string, bool) {
	n, field, s := it.node, it.field, it.val
	if u, err := url.Parse(s); err == nil && len(u.Scheme) > 1 {
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			if u.Host == "" {
				p.errorf(n, field, "%s has no host", quote(it.raw))
				return "", false
			}
			return s, true
		case "file":
			s = u.Path
		default:
			p.errorf(n, field, "%s: is not a feed's scheme: feeds are http(s) URLs or files", limit(u.Scheme, 20))
			return "", false
		}
	}
	if s == "" {
		p.errorf(n, field, "empty: write a feed's http(s) URL")
		return "", false
	}
	path := p.path(s)
	if _, err := os.Stat(path); err != nil {
		p.errorf(n, field, "%s is neither an http(s) URL nor an existing file", quote(it.raw))
		return "", false
	}
	return path, true
}

func (p *parser) destinations(c *Config, n *yaml.Node) {
	for _, pr := range p.pairs(n, "destinations", "a mapping of names to destinations") {
		field := child("destinations", pr.key)
		if c.Destinations == nil {
			c.Destinations = map[string]Destination{}
		}
		if pr.key == KindStdout || isKind(pr.key) || strings.Contains(pr.key, ":") || strings.TrimSpace(pr.key) == "" {
			p.errorf(pr.k, field, "a name cannot be empty, hold \":\", or be a kind of destination (stdout, slack, discord …)")
			continue
		}
		v := p.resolve(pr.v)
		if v == nil {
			p.errorf(pr.k, field, "no destination: write one such as slack:#news")
			continue
		}
		toNode, tokenNode, evidenceNode := v, (*yaml.Node)(nil), (*yaml.Node)(nil)
		toField := field
		if v.Kind == yaml.MappingNode {
			o := p.object(v, field, "a destination", []string{"to", "token", "evidence"})
			toNode, tokenNode, evidenceNode, toField = o.get("to"), o.get("token"), o.get("evidence"), field+".to"
			if toNode == nil {
				p.errorf(v, field+".to", "missing: write the destination, such as to: slack:#news")
				continue
			}
		}
		d, ok := p.destination(toNode, toField)
		if !ok {
			continue
		}
		d.Label = pr.key
		if tokenNode != nil {
			if d.Kind != KindSlack && d.Kind != KindDiscord {
				p.errorf(tokenNode, field+".token", "only slack: and discord: destinations take a token")
				continue
			}
			tok, ok := p.secret(tokenNode, field+".token", d.TokenEnv())
			if !ok {
				continue
			}
			d.Token = tok
		} else if !p.credentials(&d, toNode, toField) {
			continue
		}
		if evidenceNode != nil {
			if d.Kind != KindSlack && d.Kind != KindDiscord {
				p.errorf(evidenceNode, field+".evidence", "only slack: and discord: destinations take evidence: (a webhook cannot reply in a thread, and posts none)")
				continue
			}
			v, ok := p.oneOf(evidenceNode, field+".evidence", EvidenceThread, EvidenceOff)
			if !ok {
				continue
			}
			d.Evidence = v
		}
		c.Destinations[pr.key] = d
	}
}

// destination parses one destination as written in to:.
func (p *parser) destination(n *yaml.Node, field string) (Destination, bool) {
	if r := p.resolve(n); r != nil && r.Kind == yaml.MappingNode {
		p.errorf(n, field, "a mapping: write the destination as one string with no space after its colon, such as slack:#news")
		return Destination{}, false
	}
	val, raw, ok := p.str(n, field)
	if !ok {
		return Destination{}, false
	}
	return p.parseDestination(n, field, val, raw)
}

// parseDestination parses a destination read as val, written as raw.
func (p *parser) parseDestination(n *yaml.Node, field, val, raw string) (Destination, bool) {
	d, err := ParseDestination(val)
	if err != nil {
		p.errorf(n, field, "%s: %s", showDestination(raw), redact(err.Error()))
		return Destination{}, false
	}
	d.Raw = raw
	return d, true
}

// credentials fills the bot token of a slack or discord destination from
// the environment, reporting it missing.
func (p *parser) credentials(d *Destination, n *yaml.Node, field string) bool {
	env := d.TokenEnv()
	if env == "" {
		return true
	}
	tok := p.getenv(env)
	if tok == "" {
		hook := "slack-webhook:${SLACK_WEBHOOK_URL}"
		if d.Kind == KindDiscord {
			hook = "discord-webhook:${DISCORD_WEBHOOK_URL}"
		}
		p.errorf(n, field, "%s needs a bot token: set %s in the environment, or post by webhook with %s", d.Name(), env, hook)
		return false
	}
	d.Token = Secret(tok)
	return true
}

var briefKeys = []string{"name", "feeds", "schedule", "timezone", "stories", "words", "bullets", "max_bullet_words", "order", "first_run", "languages", "include", "exclude", "min_outlets", "to"}

func (p *parser) briefs(c *Config, n *yaml.Node) {
	items := p.list(n, "briefs")
	names := map[string]int{}
	for i, item := range items {
		field := fmt.Sprintf("briefs[%d]", i)
		bn := p.resolve(item)
		if bn == nil {
			p.errorf(item, field, "empty brief: give it a name:, feeds: and schedule:")
			continue
		}
		if bn.Kind != yaml.MappingNode {
			p.errorf(bn, field, "want a brief (name:, feeds:, schedule: …), not %s", kindName(bn))
			continue
		}
		o := p.object(bn, field, "a brief", briefKeys)
		b := Brief{Stories: DefaultStories, Digest: DefaultDigest, FirstRun: FirstRunLatest}
		good := true
		bad := func() { good = false }

		if v, raw, ok := p.str(o.get("name"), field+".name"); ok {
			b.Name = strings.TrimSpace(v)
			switch first, dup := names[b.Name]; {
			case b.Name == "":
				p.errorf(o.get("name"), field+".name", "empty: name the brief, such as morning")
				bad()
			case b.Name == FollowRunName:
				p.errorf(o.get("name"), field+".name", "%s is the name of the follow checks: name the brief otherwise", quote(raw))
				bad()
			case dup:
				p.errorf(o.get("name"), field+".name", "%s is already the name of briefs[%d]: brief names are unique", quote(raw), first)
				bad()
			default:
				names[b.Name] = i
			}
		} else {
			if o.get("name") == nil {
				p.errorf(o.node("name", bn), field+".name", "missing: name the brief, such as name: morning")
			}
			bad()
		}

		for _, it := range p.stringList(o.get("feeds"), field+".feeds") {
			if p.groups[it.val] {
				b.Feeds = append(b.Feeds, it.val)
				continue
			}
			bad()
			if strings.Contains(it.val, "://") {
				p.errorf(it.node, it.field, "%s is a URL: list it in a group under feeds: and name the group here", quote(it.raw))
				continue
			}
			msg := "no feed group " + quote(it.raw) + " under feeds"
			if s := suggest(it.val, groupNames(c)); s != "" {
				msg += "; did you mean " + s + "?"
			}
			p.errorf(it.node, it.field, "%s", msg)
		}
		if len(b.Feeds) == 0 && !p.failedAt(field+".feeds") {
			p.errorf(o.node("feeds", bn), field+".feeds", "missing: name the feed groups the brief reads, such as feeds: [world]")
			bad()
		}

		if !p.schedule(&b, o, bn, field) {
			bad()
		}

		if n := o.get("stories"); n != nil {
			if s, ok := p.integer(n, field+".stories"); !ok {
				bad()
			} else if s < 1 {
				p.errorf(n, field+".stories", "%d: a brief posts at least 1 story", s)
				bad()
			} else {
				b.Stories = s
			}
		}
		if !p.digest(&b.Digest, o, bn, field) {
			bad()
		}
		if n := o.get("first_run"); n != nil {
			if v, ok := p.oneOf(n, field+".first_run", FirstRunLatest, FirstRunAll); ok {
				b.FirstRun = v
			} else {
				bad()
			}
		}
		if n := o.get("languages"); n != nil {
			langs, ok := p.languages(n, field+".languages")
			if !ok {
				bad()
			}
			b.Languages = langs
		}
		if !p.filter(&b.Filter, o, field) {
			bad()
		}
		if !p.briefTo(c, &b, o.get("to"), field+".to") {
			bad()
		}
		if good {
			c.Briefs = append(c.Briefs, b)
		}
	}
}

// languages reads a list of language codes (ISO 639-1, as lang.Detect
// writes them), each once; it reports every code that is not one and
// returns false if there was one.
func (p *parser) languages(n *yaml.Node, field string) ([]string, bool) {
	good := true
	var out []string
	for _, it := range p.stringList(n, field) {
		code, err := lang.ParseCode(it.val)
		if err != nil {
			p.errorf(it.node, it.field, "%v", err)
			good = false
			continue
		}
		if slices.Contains(out, code) {
			p.warnf(it.node, it.field, "%s is listed twice", code)
			continue
		}
		out = append(out, code)
	}
	if r := p.resolve(n); good && len(out) == 0 && r != nil && r.Kind == yaml.SequenceNode {
		p.errorf(n, field, "empty: name the languages wanted, such as [en, fr], or leave languages out for every language")
		good = false
	}
	return out, good
}

// filter reads a brief's include:, exclude: and min_outlets: into f,
// reporting every word or phrase that cannot match, is listed twice, or
// is both included and excluded.
func (p *parser) filter(f *news.Filter, o object, field string) bool {
	good := true
	included := map[string]string{} // FoldPhrase → the include's field
	for _, key := range []string{"include", "exclude"} {
		n := o.get(key)
		if n == nil {
			continue
		}
		lf := field + "." + key
		seen := map[string]string{} // FoldPhrase → as written
		var phrases []string
		for _, it := range p.stringList(n, lf) {
			folded := news.FoldPhrase(it.val)
			switch first, dup := seen[folded]; {
			case it.val == "":
				p.errorf(it.node, it.field, "empty: write a word or phrase, such as %s", filterExample[key])
				good = false
			case folded == "":
				p.errorf(it.node, it.field, "%s has no letter or digit to match", quote(it.raw))
				good = false
			case dup && strings.EqualFold(first, it.val):
				p.warnf(it.node, it.field, "%s is listed twice", quote(it.raw))
			case dup:
				p.warnf(it.node, it.field, "%s matches what %s matches: the words %q", quote(it.raw), quote(first), folded)
			case key == "exclude" && included[folded] != "":
				p.errorf(it.node, it.field, "%s is also in %s: a story about it cannot be both wanted and left out", quote(it.raw), included[folded])
				good = false
			default:
				if strings.IndexFunc(it.val, unicode.IsSymbol) >= 0 {
					p.warnf(it.node, it.field, "%s: only letters and digits are matched, as the words %q", quote(it.raw), folded)
				}
				seen[folded] = it.val
				if key == "include" {
					included[folded] = it.field
				}
				phrases = append(phrases, it.val)
			}
		}
		if p.failedAt(lf) {
			good = false
		} else if r := p.resolve(n); len(phrases) == 0 && r != nil && r.Kind == yaml.SequenceNode {
			p.errorf(n, lf, "empty: list words or phrases, such as [%s], or leave %s out", filterExample[key], key)
			good = false
		}
		if key == "include" {
			f.Include = phrases
		} else {
			f.Exclude = phrases
		}
	}
	if n := o.get("min_outlets"); n != nil {
		switch m, ok := p.integer(n, field+".min_outlets"); {
		case !ok:
			good = false
		case m < 1:
			p.errorf(n, field+".min_outlets", "%d: a story has at least 1 outlet", m)
			good = false
		default:
			f.MinOutlets = m
		}
	}
	return good
}

// filterExample is an example value of include: and exclude:.
var filterExample = map[string]string{"include": `"climate"`, "exclude": `"football"`}

// schedule reads a brief's schedule: and timezone:.
func (p *parser) schedule(b *Brief, o object, bn *yaml.Node, field string) bool {
	good := true
	var tzLoc *time.Location
	if n := o.get("timezone"); n != nil {
		if v, raw, ok := p.str(n, field+".timezone"); ok {
			if tzLoc = loadZone(v); tzLoc == nil {
				p.errorf(n, field+".timezone", "unknown time zone %s: use an IANA name such as Europe/Paris or America/New_York", quote(raw))
				good = false
			}
		} else {
			good = false
		}
	}
	n := o.get("schedule")
	if n == nil {
		p.errorf(o.node("schedule", bn), field+".schedule", "missing: when the brief runs, a cron line such as \"0 7 * * 1-5\" (07:00 on weekdays)")
		return false
	}
	f := field + ".schedule"
	val, raw, ok := p.str(n, f)
	if !ok {
		return false
	}
	b.Schedule = strings.TrimSpace(val)
	if b.Schedule == "" {
		p.errorf(n, f, "empty: when the brief runs, a cron line such as \"0 7 * * 1-5\" (07:00 on weekdays)")
		return false
	}
	spec := b.Schedule
	var cronLoc *time.Location
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		prefix, rest, _ := strings.Cut(spec, " ")
		_, zone, _ := strings.Cut(prefix, "=")
		if cronLoc = loadZone(zone); cronLoc == nil {
			p.errorf(n, f, "unknown time zone %s in %s: use an IANA name such as Europe/Paris", quote(zone), limit(prefix, 40))
			return false
		}
		spec = strings.TrimSpace(rest)
		if spec == "" {
			p.errorf(n, f, "nothing after %s: add the five cron fields, such as \"0 7 * * 1-5\"", limit(prefix, 40))
			return false
		}
		if tzLoc != nil && tzLoc.String() != cronLoc.String() {
			p.errorf(n, f, "%s disagrees with timezone: %s: give the zone once", limit(prefix, 40), tzLoc)
			return false
		}
	}
	b.Location = time.Local
	switch {
	case cronLoc != nil:
		b.Location = cronLoc
	case tzLoc != nil:
		b.Location = tzLoc
	}
	sched, err := parseCron(spec)
	if err != nil {
		p.errorf(n, f, "bad cron line %s: %s (the fields: minute hour day-of-month month day-of-week, as in \"0 7 * * 1-5\")", quote(raw), redact(err.Error()))
		return false
	}
	if !good {
		return false
	}
	if fields, ok := sched.(*cron.SpecSchedule); ok {
		fields.Location = b.Location // the zone, loaded once above
	}
	if every, ok := sched.(cron.ConstantDelaySchedule); ok && every.Delay < time.Minute {
		p.errorf(n, f, "%s is more often than once a minute", quote(raw))
		return false
	}
	if sched.Next(time.Now()).IsZero() {
		p.errorf(n, f, "%s never fires: no such date", quote(raw))
		return false
	}
	b.Cron = sched
	return true
}

// parseCron is cron.ParseStandard, with a panic of the parser made an
// error.
func parseCron(spec string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("unreadable: %v", r)
		}
	}()
	return cron.ParseStandard(spec)
}

// loadZone returns the named time zone, or nil.
func loadZone(name string) *time.Location {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t") {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// digestKeys maps Digest.Validate's fields to the brief's keys.
var digestKeys = map[string]string{"words": "words", "bullets": "bullets", "max-bullet-words": "max_bullet_words", "order": "order"}

// digest reads a brief's words:, bullets:, max_bullet_words: and order:.
func (p *parser) digest(d *Digest, o object, bn *yaml.Node, field string) bool {
	good := true
	for _, kv := range []struct {
		key string
		dst *int
	}{{"words", &d.Words}, {"bullets", &d.Bullets}, {"max_bullet_words", &d.MaxBulletWords}} {
		if n := o.get(kv.key); n != nil {
			if v, ok := p.integer(n, field+"."+kv.key); ok {
				*kv.dst = v
			} else {
				good = false
			}
		}
	}
	if n := o.get("order"); n != nil {
		if v, _, ok := p.str(n, field+".order"); ok {
			d.Order = strings.TrimSpace(v)
		} else {
			good = false
		}
	}
	// A value that could not be read keeps its default, which is valid:
	// the others are still checked, so that every problem shows at once.
	err := d.Validate()
	if err == nil {
		return good
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var fe *FieldError
		if errors.As(e, &fe) {
			key := digestKeys[fe.Field]
			if key == "" {
				key = fe.Field
			}
			p.errorf(o.node(key, bn), field+"."+key, "%s", fe.Problem)
		} else {
			p.errorf(bn, field, "%v", e)
		}
	}
	return false
}

// briefTo reads a brief's destinations; none means the terminal.
func (p *parser) briefTo(c *Config, b *Brief, n *yaml.Node, field string) bool {
	good := true
	seen := map[string]bool{}
	for _, it := range p.elements(n, field) {
		item, f := it.node, it.field
		if r := p.resolve(item); r != nil && r.Kind == yaml.MappingNode {
			p.destination(item, f) // reports it
			good = false
			continue
		}
		val, raw, ok := p.str(item, f)
		if !ok {
			good = false
			continue
		}
		var d Destination
		name := strings.TrimSpace(val)
		if !strings.Contains(name, ":") && name != KindStdout && !isKind(name) {
			named, found := c.Destinations[name]
			if !found {
				if !p.failedAt(child("destinations", name)) {
					msg := "no destination named " + showDestination(raw) + " under destinations"
					if s := suggest(name, destNames(c)); s != "" {
						msg += "; did you mean " + s + "?"
					} else {
						msg += "; or " + destinationForms
					}
					p.errorf(item, f, "%s", msg)
				}
				good = false
				continue
			}
			d = named
		} else {
			var ok bool
			if d, ok = p.parseDestination(item, f, val, raw); !ok || !p.credentials(&d, item, f) {
				good = false
				continue
			}
		}
		if seen[d.Key()] {
			p.warnf(item, f, "%s is listed twice", d.Name())
			continue
		}
		seen[d.Key()] = true
		if !p.evidenceOf(c, &d, item, f) {
			good = false
			continue
		}
		b.To = append(b.To, d)
	}
	if len(b.To) == 0 && good {
		b.To = []Destination{{Kind: KindStdout, Raw: KindStdout}}
	}
	return good
}

// evidenceOf sets the evidence: of d, a destination of a brief at
// field, when it is a bot-token one without its own: the file's. One
// channel has one poster, so one setting: another for the same channel
// elsewhere is an error.
func (p *parser) evidenceOf(c *Config, d *Destination, n *yaml.Node, field string) bool {
	if d.Kind != KindSlack && d.Kind != KindDiscord {
		return true
	}
	if d.Evidence == "" {
		d.Evidence = c.Evidence
	}
	where, here := field, ""
	if d.Label != "" {
		where = child("destinations", d.Label)
		here = " (" + where + ")"
	}
	if p.evidence == nil {
		p.evidence = map[string][2]string{}
	}
	if prev, ok := p.evidence[d.Key()]; ok && prev[0] != d.Evidence {
		p.errorf(n, field, "%s has evidence: %s here%s but %s at %s: one channel takes one setting", d.Name(), d.Evidence, here, prev[0], prev[1])
		return false
	} else if !ok {
		p.evidence[d.Key()] = [2]string{d.Evidence, where}
	}
	return true
}

func isKind(s string) bool {
	switch s {
	case KindSlack, KindSlackWebhook, KindDiscord, KindDiscordWebhook:
		return true
	}
	return false
}

var (
	slackKeys   = []string{"signing_secret", "socket_mode", "app_token"}
	discordKeys = []string{"public_key", "application_id", "gateway"}
)

func (p *parser) slash(c *Config, n, at *yaml.Node) {
	o := p.object(n, "slash", "a mapping (feeds:, languages:, slack:, discord:)", []string{"feeds", "languages", "slack", "discord"})
	for _, it := range p.stringList(o.get("feeds"), "slash.feeds") {
		if !p.groups[it.val] {
			p.errorf(it.node, it.field, "no feed group %s under feeds", quote(it.raw))
			continue
		}
		c.Slash.Feeds = append(c.Slash.Feeds, it.val)
	}
	if n := o.get("languages"); n != nil {
		c.Slash.Languages, _ = p.languages(n, "slash.languages")
	}

	s := &c.Slash.Slack
	so := p.object(o.get("slack"), "slash.slack", "a mapping ("+strings.Join(slackKeys, ":, ")+":)", slackKeys)
	slackAt := o.node("slack", at)
	s.SigningSecret = p.secretOrEnv(so.get("signing_secret"), "slash.slack.signing_secret", "SLACK_SIGNING_SECRET")
	s.AppToken = p.secretOrEnv(so.get("app_token"), "slash.slack.app_token", "SLACK_APP_TOKEN")
	s.BotToken = Secret(p.getenv("SLACK_BOT_TOKEN"))
	if b, ok := p.boolean(so.get("socket_mode"), "slash.slack.socket_mode"); ok {
		s.SocketMode = b
	}
	if s.SocketMode {
		if s.AppToken == "" && so.get("app_token") == nil {
			p.errorf(so.node("socket_mode", slackAt), "slash.slack.socket_mode", "Socket Mode needs an app token (xapp-…): set SLACK_APP_TOKEN in the environment")
		}
		if s.BotToken == "" {
			p.errorf(so.node("socket_mode", slackAt), "slash.slack.socket_mode", "Socket Mode needs a bot token: set SLACK_BOT_TOKEN in the environment")
		}
	}
	if s.AppToken != "" && !strings.HasPrefix(string(s.AppToken), "xapp-") {
		p.errorf(so.node("app_token", slackAt), "slash.slack.app_token", "%snot an app-level token: those start with xapp-", fromEnv(so.get("app_token"), "SLACK_APP_TOKEN"))
	}

	d := &c.Slash.Discord
	do := p.object(o.get("discord"), "slash.discord", "a mapping ("+strings.Join(discordKeys, ":, ")+":)", discordKeys)
	discordAt := o.node("discord", at)
	d.PublicKey = strings.TrimSpace(p.valueOrEnv(do.get("public_key"), "slash.discord.public_key", "DISCORD_PUBLIC_KEY"))
	if d.PublicKey != "" && !isHex(d.PublicKey, 64) {
		p.errorf(do.node("public_key", discordAt), "slash.discord.public_key", "%snot a public key: the application's public key is 64 hex digits (Developer Portal → General Information)", fromEnv(do.get("public_key"), "DISCORD_PUBLIC_KEY"))
		d.PublicKey = ""
	}
	d.ApplicationID = strings.TrimSpace(p.valueOrEnv(do.get("application_id"), "slash.discord.application_id", "DISCORD_APPLICATION_ID"))
	if d.ApplicationID != "" && strings.Trim(d.ApplicationID, "0123456789") != "" {
		p.errorf(do.node("application_id", discordAt), "slash.discord.application_id", "%snot an application ID: it is a number", fromEnv(do.get("application_id"), "DISCORD_APPLICATION_ID"))
		d.ApplicationID = ""
	}
	d.BotToken = Secret(p.getenv("DISCORD_BOT_TOKEN"))
	if b, ok := p.boolean(do.get("gateway"), "slash.discord.gateway"); ok {
		d.Gateway = b
	}
	if d.Gateway && d.BotToken == "" {
		p.errorf(do.node("gateway", discordAt), "slash.discord.gateway", "the gateway needs a bot token: set DISCORD_BOT_TOKEN in the environment")
	}
}

// fromEnv prefixes a message about a setting that the file does not hold
// with the variable it came from.
func fromEnv(n *yaml.Node, env string) string {
	if n == nil {
		return env + " is "
	}
	return ""
}

// secretOrEnv reads a secret setting, or takes env's value when absent.
func (p *parser) secretOrEnv(n *yaml.Node, field, env string) Secret {
	if n == nil {
		return Secret(p.getenv(env))
	}
	s, _ := p.secret(n, field, env)
	return s
}

// valueOrEnv reads a string setting, or takes env's value when absent.
func (p *parser) valueOrEnv(n *yaml.Node, field, env string) string {
	if n == nil {
		return p.getenv(env)
	}
	v, _, _ := p.str(n, field)
	return v
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// groupNames returns the names of c's feed groups, or none when there are
// too many to suggest from.
func groupNames(c *Config) []string {
	if len(c.Feeds) > 100 {
		return nil
	}
	var names []string
	for _, g := range c.Feeds {
		names = append(names, g.Name)
	}
	return names
}

// destNames returns the names of c's destinations, or none when there
// are too many to suggest from.
func destNames(c *Config) []string {
	if len(c.Destinations) > 100 {
		return nil
	}
	var names []string
	for name := range c.Destinations {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

var plainKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`) })

// child is the path of key under field.
func child(field, key string) string {
	if !plainKey().MatchString(key) {
		return fmt.Sprintf("%s[%q]", field, limit(key, 40))
	}
	if field == "" {
		return key
	}
	return field + "." + key
}

func kindName(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a single value"
}

func orList(choices []string) string {
	if len(choices) == 1 {
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}

// suggest returns the choice closest to s, if it is close enough to be a
// typo.
func suggest(s string, choices []string) string {
	if len(choices) > 100 { // not worth the time, nor readable
		return ""
	}
	best, bestDist := "", 3
	for _, c := range choices {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestDist && d <= len(c)/2 {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

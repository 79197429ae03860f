package fetch

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// ErrNotHTTP is returned by CanonicalURL for a string that is not an
// absolute http or https URL.
var ErrNotHTTP = errors.New("not an http(s) URL")

// trackingParams are query parameters that say how a reader arrived, never
// which article they read. Keys are compared in lower case; every "utm_"
// parameter is tracking too.
var trackingParams = set(
	// Ad and social click identifiers.
	"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
	"li_fat_id", "igshid", "igsh", "si", "epik", "_ga", "_gl",
	// Mailing-list and marketing-automation identifiers.
	"mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "vero_id", "vero_conv", "oly_anon_id", "oly_enc_id",
	"ck_subscriber_id", "sc_cid", "s_cid", "s_kwcid", "elqtrackid", "elqtrack",
	// News outlets' campaign and referral parameters.
	"ocid", "cmpid", "cmp", "ref", "ref_src", "ref_url", "referrer", "referer", "source", "src", "smid",
	"smtyp", "sr_share", "share", "shared", "taid", "ito", "xtor", "at_medium", "at_campaign", "at_custom1",
	"at_custom2", "at_custom3", "at_custom4", "at_link", "at_format", "at_ptr_name", "at_bbc_team",
	"ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "ncid", "soc_src", "soc_trk",
	"partner", "via", "rss", "from", "guccounter", "guce_referrer", "guce_referrer_sig",
	"__twitter_impression", "spm", "mod", "int_source", "int_medium", "int_campaign", "trk", "trkcampaign",
	"sref", "_ptid", "dicbo", "outputtype", "output",
	// AMP switches.
	"amp", "amp_js_v", "usqp", "amp_gsa", "amp_r",
)

// ampValueParams are the parameters that are tracking only with one value:
// "outputType=amp" and "output=amp" ask for the AMP page, other values
// may choose content.
var ampValueParams = set("outputtype", "output")

// CanonicalURL returns the form of an article's URL that identifies it:
// the same article reached through a newsletter link, a share button, its
// AMP page or its mobile site gives the same string. It is an identity
// key for deduplication and IDs, not a link to show: the host it gives may
// not answer (see below); Load keeps the link as published in
// Article.URL.
//
// The rules:
//   - the scheme and host are lower-cased, a trailing dot and the default
//     port (80 for http, 443 for https) are dropped, and so are user
//     credentials and the fragment;
//   - the host prefixes "www.", "m.", "mobile." and "amp." are dropped
//     (as most deduplicators do): publishers serve one article on all of
//     them, and keeping "www." while dropping "m." would leave
//     m.example.com and www.example.com apart;
//   - Google's AMP cache and viewer URLs
//     (https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a,
//     https://www.google.com/amp/s/www.example.com/a) become the page they
//     wrap;
//   - AMP paths lose their marker: an "amp" path segment anywhere
//     ("/amp/story", "/story/amp/"), and ".amp" or ".amp.html" endings;
//   - the path is cleaned ("/a/./b/../c" is "/a/c", doubled slashes go),
//     loses its trailing slash except at the root, and its escapes are
//     normalized;
//   - tracking parameters are dropped: every "utm_" parameter, click
//     identifiers (fbclid, gclid, msclkid, …), mailing-list identifiers
//     (mc_cid, mc_eid, …), outlets' campaign and referral parameters
//     (ocid, cmpid, ref, smid, …) and the AMP switches ("?amp",
//     "outputType=amp"); the parameters left are sorted by name.
//
// The error wraps ErrNotHTTP for a string that is not an absolute http or
// https URL.
func CanonicalURL(raw string) (string, error) {
	u, err := parseHTTP(raw)
	if err != nil {
		return "", err
	}
	u = unwrapAMPCache(u)
	u.Host = stripHostPrefixes(u.Host)
	u.Path = canonicalPath(u.Path)
	u.RawPath = ""
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// CleanLink returns the link to show for an article: raw without
// credentials, fragment and tracking parameters, with its scheme and host
// lower-cased and the default port dropped. Unlike CanonicalURL it keeps
// the host and path as published, so the link still answers. A string
// that is not an http(s) URL is returned as it is.
func CleanLink(raw string) string {
	u, err := parseHTTP(raw)
	if err != nil {
		return raw
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String()
}

// parseHTTP parses an absolute http or https URL, lower-cases its scheme
// and host, and drops its credentials, fragment, default port and the
// host's trailing dot.
func parseHTTP(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("canonical URL %q: %w", raw, ErrNotHTTP)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("canonical URL %q: %w", raw, ErrNotHTTP)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return nil, fmt.Errorf("canonical URL %q: %w", raw, ErrNotHTTP)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6
	}
	if port != "" && !(u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443") {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// unwrapAMPCache returns the page a Google AMP cache or AMP viewer URL
// wraps, and u itself otherwise.
func unwrapAMPCache(u *url.URL) *url.URL {
	var rest string
	switch {
	case strings.HasSuffix(u.Host, ".cdn.ampproject.org"):
		rest = u.Path
		for _, p := range []string{"/c/", "/v/", "/i/"} {
			if strings.HasPrefix(rest, p) {
				rest = "/" + strings.TrimPrefix(rest, p)
				break
			}
		}
		if rest == u.Path {
			return u
		}
	case (strings.HasPrefix(u.Host, "www.google.") || strings.HasPrefix(u.Host, "google.")) && strings.HasPrefix(u.Path, "/amp/"):
		rest = strings.TrimPrefix(u.Path, "/amp")
	default:
		return u
	}
	scheme := "http"
	if strings.HasPrefix(rest, "/s/") {
		scheme, rest = "https", strings.TrimPrefix(rest, "/s")
	}
	inner, err := parseHTTP(scheme + ":/" + rest)
	if err != nil || !strings.Contains(inner.Host, ".") {
		return u
	}
	inner.RawQuery = u.RawQuery
	return inner
}

// hostPrefixes are the labels that name a variant of a site rather than
// another site.
var hostPrefixes = []string{"www.", "m.", "mobile.", "amp."}

// stripHostPrefixes drops the variant labels from the front of host,
// leaving at least a name and a top-level domain.
func stripHostPrefixes(host string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range hostPrefixes {
			if rest, ok := strings.CutPrefix(host, p); ok && strings.Contains(strings.SplitN(rest, ":", 2)[0], ".") {
				host, changed = rest, true
			}
		}
	}
	return host
}

// canonicalPath cleans an URL path, drops its AMP markers and its
// trailing slash (the root stays "/").
func canonicalPath(p string) string {
	if p == "" {
		return "/"
	}
	segs := strings.Split(p, "/")
	kept := segs[:0]
	for _, s := range segs {
		if strings.EqualFold(s, "amp") {
			continue
		}
		kept = append(kept, s)
	}
	p = path.Clean("/" + strings.Join(kept, "/"))
	lower := strings.ToLower(p)
	switch {
	case strings.HasSuffix(lower, ".amp.html"):
		p = p[:len(p)-len(".amp.html")] + ".html"
	case strings.HasSuffix(lower, ".amp") && len(p) > len("/.amp"):
		p = p[:len(p)-len(".amp")]
	}
	return p
}

// cleanQuery drops the tracking parameters of a raw query and sorts the
// others by name (values of one name keep their order).
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		// Keep what parses; a malformed pair is dropped.
		if len(vals) == 0 {
			return ""
		}
	}
	for k, vs := range vals {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] && (!ampValueParams[lk] || allAMP(vs)) {
			delete(vals, k)
		}
	}
	return vals.Encode()
}

// allAMP reports whether every value is "amp".
func allAMP(vs []string) bool {
	for _, v := range vs {
		if !strings.EqualFold(v, "amp") {
			return false
		}
	}
	return true
}

// SiteHost returns the host of an http(s) URL without its "www." or
// mobile prefix, "" for anything else: the outlet of last resort, and
// what tells whether two URLs are on one site.
func SiteHost(raw string) string {
	u, err := parseHTTP(raw)
	if err != nil {
		return ""
	}
	return stripHostPrefixes(u.Hostname())
}

// AbsURL parses an absolute http(s) URL; nil otherwise.
func AbsURL(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	return u
}

// IsHTTPURL reports whether s is an absolute http(s) URL.
func IsHTTPURL(s string) bool { return AbsURL(s) != nil }

// ResolveLink makes a link (a feed's, a page's <link>) absolute against
// base, which may be nil; a link that is still not an http(s) URL gives "".
func ResolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// CanonicalOr returns CanonicalURL(u), or u when it is not an http(s)
// URL.
func CanonicalOr(u string) string {
	if c, err := CanonicalURL(u); err == nil {
		return c
	}
	return u
}

// set returns the set of the given words.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

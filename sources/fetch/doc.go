// Package fetch reaches the web for the sources packages: one HTTP
// client, the guard that keeps untrusted fetches on public addresses, and
// the canonical form of a URL.
//
// # Fetching
//
// Client is the one HTTP client: a timeout per request and the caller's
// deadline, a 5 MB body cap (read through a limited reader, gzip included),
// a redirect limit, a descriptive User-Agent, a per-host concurrency limit,
// conditional GET (Request.ETag, Request.LastModified), and retries with
// jittered backoff on 5xx, timeouts and resets only. Getter is what a
// loader needs of it; tests substitute their own. Every error names the
// URL and wraps a sentinel or a *StatusError: "fetch https://…: HTTP 404".
//
// # The address guard
//
// For untrusted requests a guard refuses loopback, private, link-local,
// documentation, benchmarking and other non-public addresses, and this
// host's own interface addresses (listed afresh at each connection, as
// DHCP and containers change them), on the resolved address at connect
// time and on every redirect, so DNS rebinding and redirects cannot reach
// them; ClientOptions.Allow lets ranges through (the host's own addresses
// only when named alone). Refusals wrap ErrForbiddenAddress.
//
// # Canonical URLs
//
// CanonicalURL strips tracking parameters, AMP and mobile variants and
// other spellings of one address: the identity of an article however it
// was linked. CleanLink keeps the link a reader can follow, without
// tracking. SiteHost, AbsURL, IsHTTPURL and ResolveLink are the small URL
// tests the other packages share.
package fetch

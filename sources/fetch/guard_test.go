package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

func TestGuardAddrClass(t *testing.T) {
	tests := []struct {
		ip   string
		want string // "" for a public address
	}{
		// IPv4 public.
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"93.184.216.34", ""},
		{"172.15.255.255", ""},
		{"172.32.0.1", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"169.253.1.1", ""},
		{"223.255.255.255", ""},
		{"11.0.0.1", ""},
		{"192.169.0.1", ""},
		{"198.20.0.1", ""},
		// IPv4 special.
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "reserved"},
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"127.1.2.3", "loopback"},
		{"10.0.0.1", "private"},
		{"10.255.255.255", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.0.1", "private"},
		{"192.168.255.255", "private"},
		{"169.254.169.254", "link-local"},
		{"169.254.0.1", "link-local"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"240.0.0.1", "reserved"},
		{"255.255.255.255", "broadcast"},
		{"192.0.0.8", "reserved"},
		{"198.18.0.1", "benchmarking"},
		{"198.19.255.255", "benchmarking"},
		{"192.0.2.1", "documentation"},
		{"192.0.2.255", "documentation"},
		{"198.51.100.7", "documentation"},
		{"203.0.113.254", "documentation"},
		{"::ffff:203.0.113.5", "documentation"},
		{"64:ff9b::198.51.100.7", "documentation via NAT64"},
		{"2002:c000:201::1", "documentation via 6to4"},
		{"192.0.3.1", ""},
		{"198.51.101.1", ""},
		{"203.0.112.255", ""},
		{"198.17.255.255", ""},
		// IPv4-mapped IPv6: judged as the IPv4 address.
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:7f00:1", "loopback"},
		{"::ffff:10.1.2.3", "private"},
		{"::ffff:169.254.169.254", "link-local"},
		{"::ffff:0.0.0.0", "unspecified"},
		{"::ffff:100.64.1.1", "carrier-grade NAT"},
		{"::ffff:224.0.0.1", "multicast"},
		{"::ffff:8.8.8.8", ""},
		// IPv6 public.
		{"2001:4860:4860::8888", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:81b::200e", ""},
		// IPv6 special.
		{"::", "unspecified"},
		{"::1", "loopback"},
		{"fc00::1", "private"},
		{"fd12:3456:789a::1", "private"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"febf::1", "link-local"},
		{"fec0::1", "private"},
		{"ff02::1", "multicast"},
		{"ff05::2", "multicast"},
		{"::127.0.0.1", "reserved"},
		{"::10.0.0.1", "reserved"},
		{"::ffff:0:7f00:1", "reserved"},
		{"64:ff9b::7f00:1", "loopback via NAT64"},
		{"64:ff9b::10.0.0.1", "private via NAT64"},
		{"64:ff9b::8.8.8.8", ""},
		{"64:ff9b:1::1", "private"},
		{"2002:7f00:1::1", "loopback via 6to4"},
		{"2002:a9fe:a9fe::1", "link-local via 6to4"},
		{"2002:808:808::1", ""},
		{"2001:db8::1", "documentation"},
		{"2001::1", "reserved"},
		{"100::1", "reserved"},
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.ip)
		if got := addrClass(ip); got != tt.want {
			t.Errorf("addrClass(%s) = %q; want %q", tt.ip, got, tt.want)
		}
	}
	if got := addrClass(netip.Addr{}); got != "invalid" {
		t.Errorf("addrClass(zero Addr) = %q; want %q", got, "invalid")
	}
}

func TestGuardCheck(t *testing.T) {
	g := newGuard([]netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("::ffff:192.168.1.0/120"), // mapped form of 192.168.1.0/24
		netip.MustParsePrefix("fd00::/8"),
		{}, // invalid: ignored
	})
	tests := []struct {
		ip      string
		refused string // the error's text, "" when allowed
	}{
		{"8.8.8.8", ""},
		{"10.1.2.3", ""},
		{"::ffff:10.1.2.3", ""},
		{"192.168.1.7", ""},
		{"::ffff:192.168.1.7", ""},
		{"fd00::1", ""},
		{"192.168.2.7", "address not allowed: 192.168.2.7 is private"},
		{"127.0.0.1", "address not allowed: 127.0.0.1 is loopback"},
		{"::ffff:127.0.0.1", "address not allowed: ::ffff:127.0.0.1 is loopback"},
		{"fc00::1", "address not allowed: fc00::1 is private"},
		{"fe80::1%eth0", "address not allowed: fe80::1 is link-local"},
	}
	for _, tt := range tests {
		err := g.check(netip.MustParseAddr(tt.ip))
		switch {
		case tt.refused == "" && err != nil:
			t.Errorf("check(%s) = %v; want nil", tt.ip, err)
		case tt.refused != "" && (err == nil || err.Error() != tt.refused || !errors.Is(err, ErrForbiddenAddress)):
			t.Errorf("check(%s) = %v; want %q wrapping ErrForbiddenAddress", tt.ip, err, tt.refused)
		}
	}
}

// TestGuardOwnAddresses checks the refusal of the host's own addresses,
// with a fake list of them: a public one, a private one inside an allowed
// range, and loopback, which its own rule covers.
func TestGuardOwnAddresses(t *testing.T) {
	own := []netip.Addr{
		netip.MustParseAddr("93.184.216.34"),
		netip.MustParseAddr("10.20.0.7"),
		netip.MustParseAddr("2a00:1450:4001:81b::200e"),
		netip.MustParseAddr("127.0.0.1"),
		netip.MustParseAddr("::1"),
	}
	listed := func() ([]netip.Addr, error) { return own, nil }
	broken := func() ([]netip.Addr, error) { return nil, errors.New("netlink: permission denied") }
	tests := []struct {
		ip      string
		allow   []string
		local   func() ([]netip.Addr, error)
		refused string // the error's text, "" when allowed
	}{
		{"8.8.8.8", nil, listed, ""},
		{"93.184.216.34", nil, listed, "address not allowed: 93.184.216.34 is this host's own address"},
		{"::ffff:93.184.216.34", nil, listed, "address not allowed: ::ffff:93.184.216.34 is this host's own address"},
		{"2a00:1450:4001:81b::200e", nil, listed, "address not allowed: 2a00:1450:4001:81b::200e is this host's own address"},
		{"93.184.216.35", nil, listed, ""},
		// An allowed range does not open the host itself…
		{"10.20.0.7", []string{"10.20.0.0/16"}, listed, "address not allowed: 10.20.0.7 is this host's own address"},
		{"10.20.0.8", []string{"10.20.0.0/16"}, listed, ""},
		{"93.184.216.34", []string{"93.184.216.0/24"}, listed, "address not allowed: 93.184.216.34 is this host's own address"},
		// …unless it names the address alone.
		{"10.20.0.7", []string{"10.20.0.7/32"}, listed, ""},
		{"93.184.216.34", []string{"93.184.216.34/32"}, listed, ""},
		// Loopback has its own rule, and an allowed loopback range opens it.
		{"127.0.0.1", nil, listed, "address not allowed: 127.0.0.1 is loopback"},
		{"127.0.0.1", []string{"127.0.0.0/8"}, listed, ""},
		{"::1", []string{"::1/128"}, listed, ""},
		// Documentation and benchmarking ranges, whatever the host is.
		{"192.0.2.2", nil, listed, "address not allowed: 192.0.2.2 is documentation"},
		{"198.51.100.1", nil, listed, "address not allowed: 198.51.100.1 is documentation"},
		{"203.0.113.9", nil, listed, "address not allowed: 203.0.113.9 is documentation"},
		{"198.18.0.1", nil, listed, "address not allowed: 198.18.0.1 is benchmarking"},
		{"198.19.7.7", nil, listed, "address not allowed: 198.19.7.7 is benchmarking"},
		// When the host's addresses cannot be listed, no public address
		// can be told apart from them: refuse.
		{"8.8.8.8", nil, broken, "address not allowed: 8.8.8.8 is possibly this host's own address (cannot list its addresses: netlink: permission denied)"},
		{"10.0.0.1", nil, broken, "address not allowed: 10.0.0.1 is private"},
	}
	for _, tt := range tests {
		var allow []netip.Prefix
		for _, a := range tt.allow {
			allow = append(allow, netip.MustParsePrefix(a))
		}
		g := newGuard(allow)
		g.local = tt.local
		err := g.check(netip.MustParseAddr(tt.ip))
		switch {
		case tt.refused == "" && err != nil:
			t.Errorf("check(%s) allowing %v = %v; want nil", tt.ip, tt.allow, err)
		case tt.refused != "" && (err == nil || err.Error() != tt.refused || !errors.Is(err, ErrForbiddenAddress)):
			t.Errorf("check(%s) allowing %v = %v; want %q wrapping ErrForbiddenAddress", tt.ip, tt.allow, err, tt.refused)
		}
	}
}

// TestGuardRefusesThisHost checks, without sending anything, that the
// connect-time check refuses every address of this machine's interfaces:
// the guard reads them itself.
func TestGuardRefusesThisHost(t *testing.T) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("cannot list interface addresses: %v", err)
	}
	g := newGuard(nil)
	for _, a := range addrs {
		p, err := netip.ParsePrefix(a.String())
		if err != nil {
			continue
		}
		addr := netip.AddrPortFrom(p.Addr(), 80).String()
		if err := g.control(context.Background(), "tcp", addr, nil); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("control(%s), an address of this host = %v; want ErrForbiddenAddress", addr, err)
		}
	}
}

func TestGuardCheckHostAndControl(t *testing.T) {
	g := newGuard(nil)
	for _, host := range []string{"example.com", "8.8.8.8", "2001:4860:4860::8888", "localhost"} {
		if err := g.checkHost(host); err != nil {
			t.Errorf("checkHost(%q) = %v; want nil (names are checked at connect time)", host, err)
		}
	}
	for _, host := range []string{"127.0.0.1", "::1", "fe80::1%eth0", "0.0.0.0", "::ffff:169.254.169.254"} {
		if err := g.checkHost(host); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("checkHost(%q) = %v; want ErrForbiddenAddress", host, err)
		}
	}
	ctx := context.Background()
	for _, addr := range []string{"93.184.216.34:443", "[2606:4700:4700::1111]:80"} {
		if err := g.control(ctx, "tcp", addr, nil); err != nil {
			t.Errorf("control(%q) = %v; want nil", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "[fe80::1%eth0]:80", "10.0.0.1:8080", "[::ffff:127.0.0.1]:80", "garbage"} {
		if err := g.control(ctx, "tcp", addr, nil); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("control(%q) = %v; want ErrForbiddenAddress", addr, err)
		}
	}
}

// guardServer starts a loopback server answering "ok" and counting its
// requests.
func guardServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// guardServerOn starts a server listening on ip (a loopback address other than
// 127.0.0.1, say), or skips the test when the system cannot.
func guardServerOn(t *testing.T, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// guardResolver returns a resolver that maps every name to 127.0.0.1 (and
// no IPv6 address), answered by a DNS server on loopback that stops with
// the test.
func guardResolver(t *testing.T) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return // closed by the cleanup
			}
			if msg, err := guardDNSAnswer(buf[:n]); err == nil {
				pc.WriteTo(msg, addr)
			}
		}
	}()
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", pc.LocalAddr().String())
		},
	}
}

// guardDNSAnswer answers a DNS query: 127.0.0.1 for A, nothing for the rest.
func guardDNSAnswer(query []byte) ([]byte, error) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{
		ID: h.ID, Response: true, Authoritative: true,
		RecursionDesired: h.RecursionDesired, RecursionAvailable: true,
	})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	if err := b.StartAnswers(); err != nil {
		return nil, err
	}
	if q.Type == dnsmessage.TypeA {
		rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
		if err := b.AResource(rh, dnsmessage.AResource{A: [4]byte{127, 0, 0, 1}}); err != nil {
			return nil, err
		}
	}
	return b.Finish()
}

func TestGuardUntrustedLoopback(t *testing.T) {
	srv, hits := guardServer(t)
	c := NewClient(ClientOptions{Retries: -1})
	_, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/a", Untrusted: true})
	want := "fetch " + srv.URL + "/a: address not allowed: 127.0.0.1 is loopback"
	if err == nil || err.Error() != want || !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("untrusted Fetch(%s) = %v; want %q wrapping ErrForbiddenAddress", srv.URL, err, want)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests; want 0", n)
	}
}

func TestGuardAllowAndTrusted(t *testing.T) {
	srv, hits := guardServer(t)
	allowed := NewClient(ClientOptions{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if _, err := allowed.Fetch(context.Background(), Request{URL: srv.URL, Untrusted: true}); err != nil {
		t.Errorf("untrusted Fetch with Allow 127.0.0.0/8: %v", err)
	}
	plain := NewClient(ClientOptions{})
	if _, err := plain.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Errorf("trusted Fetch: %v", err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("server saw %d requests; want 2", n)
	}
}

// TestGuardResolvedAtConnect checks the address a name resolves to, not
// the name: the fake resolver maps a public-looking name to 127.0.0.1.
func TestGuardResolvedAtConnect(t *testing.T) {
	srv, hits := guardServer(t)
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
	u := "http://news.example.com:" + port + "/story"
	c := newClient(ClientOptions{Retries: -1}, guardResolver(t))
	_, err := c.Fetch(context.Background(), Request{URL: u, Untrusted: true})
	want := "fetch " + u + ": address not allowed: 127.0.0.1 is loopback"
	if err == nil || err.Error() != want || !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("untrusted Fetch(%s) = %v; want %q", u, err, want)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests; want 0", n)
	}
	// The same name, trusted, reaches the server: the resolver works.
	if _, err := c.Fetch(context.Background(), Request{URL: u}); err != nil {
		t.Errorf("trusted Fetch(%s): %v", u, err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests; want 1", n)
	}
}

// TestGuardRedirect redirects from an allowed server (on 127.0.0.2) to
// 127.0.0.1, written as a literal and as a name.
func TestGuardRedirect(t *testing.T) {
	target, hits := guardServer(t)
	port := target.URL[strings.LastIndexByte(target.URL, ':')+1:]
	origin := guardServerOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/literal":
			http.Redirect(w, r, target.URL+"/", http.StatusFound)
		case "/name":
			http.Redirect(w, r, "http://internal.example.com:"+port+"/", http.StatusMovedPermanently)
		default:
			fmt.Fprint(w, "origin")
		}
	}))
	c := newClient(ClientOptions{
		Retries: -1,
		Allow:   []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")},
	}, guardResolver(t))
	resp, err := c.Fetch(context.Background(), Request{URL: origin.URL + "/home", Untrusted: true})
	if err != nil || string(resp.Body) != "origin" {
		t.Fatalf("untrusted Fetch of the allowed server = %v, %v; want its page", resp, err)
	}
	for _, path := range []string{"/literal", "/name"} {
		_, err := c.Fetch(context.Background(), Request{URL: origin.URL + path, Untrusted: true})
		want := "fetch " + origin.URL + path + ": address not allowed: 127.0.0.1 is loopback"
		if err == nil || err.Error() != want || !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("redirect %s: Fetch = %v; want %q", path, err, want)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("redirect target saw %d requests; want 0", n)
	}
}

// TestGuardLiterals refuses IP literals before any request is made, in the
// URL and in a redirect's Location.
func TestGuardLiterals(t *testing.T) {
	var hosts []string
	c := NewClient(ClientOptions{Transport: fetchRoundTrip(func(r *http.Request) (*http.Response, error) {
		hosts = append(hosts, r.URL.Host)
		return fetchRedirect(r, "http://[::ffff:a9fe:a9fe]/latest/meta-data/"), nil
	})})
	for _, u := range []string{
		"http://127.0.0.1/", "http://0.0.0.0:8080/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
		"http://10.0.0.1/", "https://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
		"http://[fe80::1%25eth0]/", "http://100.64.0.1/", "http://[fd00::1]:8080/",
	} {
		_, err := c.Fetch(context.Background(), Request{URL: u, Untrusted: true})
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("untrusted Fetch(%s) = %v; want ErrForbiddenAddress", u, err)
		}
	}
	if len(hosts) != 0 {
		t.Errorf("requests were made to %v; want none", hosts)
	}
	_, err := c.Fetch(context.Background(), Request{URL: "http://news.example.com/", Untrusted: true})
	want := "fetch http://news.example.com/: address not allowed: ::ffff:169.254.169.254 is link-local"
	if err == nil || err.Error() != want {
		t.Errorf("redirect to a mapped link-local literal: Fetch = %v; want %q", err, want)
	}
	if len(hosts) != 1 || hosts[0] != "news.example.com" {
		t.Errorf("requests were made to %v; want only news.example.com", hosts)
	}
}

// fetchRedirect returns a 302 answer to r pointing at loc.
func fetchRedirect(r *http.Request, loc string) *http.Response {
	return &http.Response{
		StatusCode: http.StatusFound,
		Header:     http.Header{"Location": {loc}},
		Body:       http.NoBody,
		Request:    r,
	}
}

// BenchmarkGuardCheck measures the connect-time decision for a public
// address, which lists the host's interface addresses each time.
func BenchmarkGuardCheck(b *testing.B) {
	g := newGuard(nil)
	ip := netip.MustParseAddr("93.184.216.34")
	for b.Loop() {
		if err := g.check(ip); err != nil {
			b.Fatal(err)
		}
	}
}

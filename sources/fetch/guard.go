package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// The guard keeps URLs that chat users supply (Request.Untrusted) away from
// the bot's own network: loopback, private, link-local, CGNAT,
// documentation, benchmarking and other non-public addresses, however they
// are written (IPv4-mapped IPv6, NAT64, 6to4), and the addresses of this
// host's own interfaces, public ones included, so that a user cannot reach
// a service that listens on all of the machine's addresses. It checks
// twice. Before a request, and before following each
// redirect, a host written as an IP literal is checked (guard.checkHost).
// At connect time, net.Dialer.ControlContext checks the address the socket
// is about to connect to (guard.control): that is the address DNS
// actually returned, so a public-looking name that resolves, or rebinds,
// to a private address is refused too, and so is any spelling of an
// address that only the resolver understands ("2130706433", "0x7f.1").
// The configured Allow prefixes pass whatever they contain, except the
// host's own addresses: those only a prefix of that one address passes.
//
// The host's addresses change (DHCP leases, containers, VPNs), so they are
// not kept: the guard lists the interfaces again (net.InterfaceAddrs, about
// 10 µs) each time it is about to let an untrusted connection reach an
// otherwise allowed address. When they cannot be listed, such a connection
// is refused, since nothing tells it apart from the host.

// addrError is a refused address; it wraps ErrForbiddenAddress and reads
// "address not allowed: 127.0.0.1 is loopback".
type addrError struct {
	ip  netip.Addr
	why string
}

func (e *addrError) Error() string {
	return fmt.Sprintf("%v: %v is %s", ErrForbiddenAddress, e.ip, e.why)
}

func (e *addrError) Unwrap() error { return ErrForbiddenAddress }

// guard refuses non-public addresses outside its allowed prefixes, and the
// host's own addresses.
type guard struct {
	allow []netip.Prefix
	// local lists the host's addresses; hostAddrs in use, a fake in tests.
	local func() ([]netip.Addr, error)
}

// newGuard returns a guard allowing the given prefixes; IPv4-mapped IPv6
// prefixes (::ffff:10.0.0.0/104) are rewritten to their IPv4 form.
func newGuard(allow []netip.Prefix) *guard {
	g := &guard{local: hostAddrs}
	for _, p := range allow {
		if !p.IsValid() {
			continue
		}
		p = p.Masked()
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		g.allow = append(g.allow, p)
	}
	return g
}

// check returns an error wrapping ErrForbiddenAddress when ip is not a
// public address and no allowed prefix contains it, or when it is one of
// the host's own addresses (other than loopback) and no allowed prefix
// names it alone.
func (g *guard) check(ip netip.Addr) error {
	ip = ip.WithZone("")
	bare := ip.Unmap()
	allowed, named := false, false
	for _, p := range g.allow {
		if p.Contains(ip) || p.Contains(bare) {
			allowed = true
			named = named || p.IsSingleIP()
		}
	}
	if !allowed {
		if why := addrClass(ip); why != "" {
			return &addrError{ip: ip, why: why}
		}
	}
	if named || bare.IsLoopback() {
		return nil
	}
	own, err := g.local()
	if err != nil {
		return &addrError{ip: ip, why: fmt.Sprintf("possibly this host's own address (cannot list its addresses: %v)", err)}
	}
	for _, a := range own {
		if a.WithZone("").Unmap() == bare {
			return &addrError{ip: ip, why: "this host's own address"}
		}
	}
	return nil
}

// hostAddrs lists the addresses of this host's network interfaces.
func hostAddrs() ([]netip.Addr, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	out := make([]netip.Addr, 0, len(addrs))
	for _, a := range addrs {
		var ip net.IP
		switch a := a.(type) {
		case *net.IPNet:
			ip = a.IP
		case *net.IPAddr:
			ip = a.IP
		}
		if addr, ok := netip.AddrFromSlice(ip); ok {
			out = append(out, addr.Unmap())
		}
	}
	return out, nil
}

// checkHost checks a URL's host name (url.URL.Hostname) when it is an IP
// literal. Names are left to the connect-time check.
func (g *guard) checkHost(host string) error {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return nil
	}
	return g.check(ip)
}

// control is a net.Dialer.ControlContext function: it refuses to connect
// to a forbidden address. address is the resolved "ip:port".
func (g *guard) control(_ context.Context, _, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: cannot parse %q", ErrForbiddenAddress, address)
	}
	return g.check(ip)
}

// Ranges that netip.Addr's predicates do not name.
var (
	ipv4Broadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})
	reserved4     = []struct {
		p   netip.Prefix
		why string
	}{
		{netip.MustParsePrefix("0.0.0.0/8"), "reserved"},
		{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
		{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
		{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},    // TEST-NET-1, never routed
		{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},    // RFC 2544 test networks
		{netip.MustParsePrefix("198.51.100.0/24"), "documentation"}, // TEST-NET-2
		{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},  // TEST-NET-3
		{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	}
	reserved6 = []struct {
		p   netip.Prefix
		why string
	}{
		{netip.MustParsePrefix("::/96"), "reserved"},              // IPv4-compatible, deprecated
		{netip.MustParsePrefix("::ffff:0:0:0/96"), "reserved"},    // IPv4-translated (SIIT)
		{netip.MustParsePrefix("64:ff9b:1::/48"), "private"},      // local-use NAT64
		{netip.MustParsePrefix("100::/64"), "reserved"},           // discard-only
		{netip.MustParsePrefix("2001::/23"), "reserved"},          // IETF protocol assignments, Teredo
		{netip.MustParsePrefix("2001:db8::/32"), "documentation"}, // never routed
		{netip.MustParsePrefix("3fff::/20"), "documentation"},     // never routed
		{netip.MustParsePrefix("5f00::/16"), "reserved"},          // SRv6 SIDs
		{netip.MustParsePrefix("fec0::/10"), "private"},           // site-local, deprecated
	}
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// addrClass returns why ip is not a public unicast address ("loopback",
// "private", "link-local", "unspecified", "multicast", "carrier-grade
// NAT", "documentation", "benchmarking", "reserved", …), or "" when it is
// public. IPv4-mapped IPv6
// addresses are judged as the IPv4 address they map; NAT64 and 6to4
// addresses are judged by the IPv4 address they embed.
func addrClass(ip netip.Addr) string {
	if !ip.IsValid() {
		return "invalid"
	}
	ip = ip.WithZone("").Unmap()
	switch {
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case ip.IsMulticast():
		return "multicast"
	}
	if ip.Is4() {
		if ip == ipv4Broadcast {
			return "broadcast"
		}
		for _, r := range reserved4 {
			if r.p.Contains(ip) {
				return r.why
			}
		}
		return ""
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		if why := addrClass(netip.AddrFrom4([4]byte(b[12:16]))); why != "" {
			return why + " via NAT64"
		}
		return ""
	case sixTo4.Contains(ip):
		if why := addrClass(netip.AddrFrom4([4]byte(b[2:6]))); why != "" {
			return why + " via 6to4"
		}
		return ""
	}
	for _, r := range reserved6 {
		if r.p.Contains(ip) {
			return r.why
		}
	}
	return ""
}

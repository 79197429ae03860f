// Package loopback gives tests loopback addresses where nothing listens:
// a server may be started there, and a connection to one is refused
// before any request is sent.
package loopback

import (
	"net"
	"testing"
)

// FreeAddr returns "127.0.0.1:PORT" for a port that was free a moment
// ago and that nothing listens on now.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

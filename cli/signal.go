package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// SignalContext returns a context that the process's first SIGINT or
// SIGTERM cancels: stop taking new work, finish what is in flight. A
// second signal exits at once, with status 130, saying so on stderr.
func SignalContext(stderr io.Writer) (context.Context, context.CancelFunc) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sigs
		cancel()
		<-sigs
		fmt.Fprintln(stderr, "digestbot: second signal: exiting now")
		os.Exit(130)
	}()
	return ctx, cancel
}

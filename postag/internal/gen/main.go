// Command gen writes postag/model.bin from the averaged-perceptron model
// compiled into github.com/jdkato/prose/v2. Run it through go generate:
//
//	go generate ./postag
//
// It decodes prose's gob assets (the 263 ms that postag exists to avoid),
// encodes them with modelbin.Encode, and checks that the result reads back to
// the same classes, tagMap and weights before writing it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/digestbot/digestbot/postag/internal/modelbin"
)

func main() {
	out := flag.String("o", "model.bin", "file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	src, err := modelbin.FromProse()
	if err != nil {
		return err
	}
	b, err := modelbin.Encode(src)
	if err != nil {
		return err
	}
	m, err := modelbin.Parse(string(b))
	if err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	if err := modelbin.Verify(m, src); err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("gen: wrote %s: %d bytes, %d classes, %d tagMap words, %d features\n",
		out, len(b), len(m.Classes), m.NumTags(), m.NumFeatures())
	return nil
}

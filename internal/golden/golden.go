// Package golden compares a test's output with a golden file, or rewrites
// the file when the test runs with -update. Each test package keeps its own
// -update flag and passes its value.
package golden

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// Bytes compares got with the file at path, byte for byte; with update it
// writes got to path instead.
func Bytes(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	want, ok := read(t, path, got, update)
	if ok && !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

// JSON compares got with the file at path as decoded JSON, so that
// spacing and key order do not count; with update it writes got to path
// instead.
func JSON(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	want, ok := read(t, path, got, update)
	if !ok {
		return
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("payload is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s is not JSON: %v", path, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("payload differs from %s (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

// read returns the golden file at path and true, or, with update, writes
// got there and returns false.
func read(t testing.TB, path string, got []byte, update bool) ([]byte, bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return nil, false
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	return want, true
}

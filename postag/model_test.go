package postag

import (
	"bytes"
	"testing"

	"github.com/digestbot/digestbot/postag/internal/modelbin"
)

// TestModelIsCurrent checks that model.bin was made from the model of the
// prose version in go.mod.
func TestModelIsCurrent(t *testing.T) {
	sum, err := modelbin.SourceSum()
	if err != nil {
		t.Fatal(err)
	}
	if got := loadModel().SourceSum; got != sum {
		t.Fatalf("model.bin was made from prose assets with SHA-256 %x; go.mod's prose has %x: run go generate ./postag", got, sum)
	}
}

// TestModelMatchesProse decodes prose's model as prose does and checks that
// model.bin holds all of it, losslessly, and is what gen writes today.
func TestModelMatchesProse(t *testing.T) {
	src, err := modelbin.FromProse()
	if err != nil {
		t.Fatal(err)
	}
	b, err := modelbin.Encode(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, []byte(modelBin)) {
		t.Errorf("model.bin (%d bytes) differs from a fresh encoding (%d bytes): run go generate ./postag", len(modelBin), len(b))
	}
	if err := modelbin.Verify(loadModel(), src); err != nil {
		t.Error(err)
	}
}

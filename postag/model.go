package postag

import (
	_ "embed"
	"sync"

	"github.com/digestbot/digestbot/postag/internal/modelbin"
)

//go:generate go run ./internal/gen -o model.bin

// modelBin is prose's perceptron model in modelbin's layout. As a string, its
// feature keys and class names are used in place, never copied.
//
//go:embed model.bin
var modelBin string

// loadModel parses modelBin on first use. Parsing reads the header and
// slices the sections; it decodes no weights.
var loadModel = sync.OnceValue(parseModel)

func parseModel() *modelbin.Model {
	m, err := modelbin.Parse(modelBin)
	if err != nil {
		// model.bin is generated and embedded at build time; TestModel
		// walks every record, so this is a broken build, not bad input.
		panic("postag: embedded " + err.Error())
	}
	return m
}

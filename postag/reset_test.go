package postag

import "sync"

// resetModel forgets the parsed model, so that BenchmarkLoad measures
// loading. Not safe while Tag runs.
func resetModel() { loadModel = sync.OnceValue(parseModel) }

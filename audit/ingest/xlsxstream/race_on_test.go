//go:build race

package xlsxstream

// raceEnabled: the race detector makes the corpus and the large
// differential tests take many minutes; .ci/run runs them in its plain
// `go test ./...` pass and the -race pass leaves them out.
const raceEnabled = true

//go:build !race

package xlsxstream

// raceEnabled: see race_on_test.go.
const raceEnabled = false

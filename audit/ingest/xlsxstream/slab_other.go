//go:build !unix

package xlsxstream

// Without anonymous mappings (Windows, Plan 9, wasm) a table lives in the
// Go heap.
const canMap = false

func mapAnon(int) ([]byte, bool) { return nil, false }

func unmapAnon([]byte) {}

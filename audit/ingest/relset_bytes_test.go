package ingest

// bytes is the memory the tables hold (tests and benchmarks).
func (s *relSet) bytes() int {
	b := 0
	for _, t := range s.tables {
		b += 4 * len(t.slots)
	}
	return b
}

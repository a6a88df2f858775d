package fonts

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"testing"
)

// The upstream files' SHA-256 (fonts-lxgw-wenkai 1.250): what gunzip must
// give back, so the font shipped is the unmodified release.
func TestInflatesToUpstream(t *testing.T) {
	for _, tc := range []struct {
		name string
		get  func() []byte
		sum  string
	}{
		{"regular", Regular, "bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8"},
		{"bold", Bold, "2a24551c5c4fb42507aafa4773b08a5ea55d538a8d449032663ec9e3027a707e"},
	} {
		b := tc.get()
		h := sha256.Sum256(b)
		if got := hex.EncodeToString(h[:]); got != tc.sum {
			t.Errorf("%s: sha256 %s, want %s (%d bytes)", tc.name, got, tc.sum, len(b))
		}
		if len(tc.get()) == 0 || &tc.get()[0] != &b[0] {
			t.Errorf("%s: inflated again instead of once", tc.name)
		}
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	f := &face{gz: boldGz}
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = f.bytes() }()
	}
	wg.Wait()
	for i := range got {
		if len(got[i]) == 0 || &got[i][0] != &got[0][0] {
			t.Fatalf("goroutine %d got a different or empty copy", i)
		}
	}
}

func TestInflateRejectsDamage(t *testing.T) {
	bad := append([]byte{}, regularGz[:1000]...)
	if _, err := inflate(bad); err == nil {
		t.Fatal("a cut gzip stream inflated without error")
	}
}

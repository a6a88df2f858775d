package fonts

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The upstream files' SHA-256 (fonts-lxgw-wenkai 1.250): what is embedded
// must be the unmodified release.
func TestEmbeddedIsUpstream(t *testing.T) {
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
		if len(b) == 0 || &tc.get()[0] != &b[0] {
			t.Errorf("%s: a copy instead of the embedded bytes", tc.name)
		}
	}
}

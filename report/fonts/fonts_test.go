package fonts

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"testing"
)

// The upstream file's SHA-256 (fonts-lxgw-wenkai 1.250): what is embedded
// must inflate to the unmodified release, and be inflated once.
func TestEmbeddedIsUpstream(t *testing.T) {
	b := Regular()
	h := sha256.Sum256(b)
	if got, want := hex.EncodeToString(h[:]), "bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8"; got != want {
		t.Errorf("regular: sha256 %s, want %s (%d bytes)", got, want, len(b))
	}
	if len(b) == 0 || &Regular()[0] != &b[0] {
		t.Error("regular: inflated again instead of once")
	}
}

func BenchmarkInflate(b *testing.B) {
	for range b.N {
		once = sync.Once{}
		regular = nil
		Regular()
	}
}

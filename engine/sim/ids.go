package sim

import (
	"crypto/rand"
	"fmt"
)

// randomUUID returns a version 4 UUID from crypto/rand. Anything that grants access (imageio
// tickets) takes its value from here, whatever Options.Seed says.
func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return formatUUID(b)
}

// formatUUID sets the version 4 and variant bits of b and writes it in the 8-4-4-4-12 form.
func formatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

package xmlstream

import (
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlainPrefix checks the eight-bytes-at-a-time scan against a byte by
// byte one: every byte value, at every position of strings long enough to
// fill blocks and leave tails, for both tables.
func TestPlainPrefix(t *testing.T) {
	tables := []struct {
		name string
		tab  *[utf8.RuneSelf]uint8
	}{{"text", &textEsc}, {"attr", &attrEsc}}
	want := func(s string, tab *[utf8.RuneSelf]uint8) int {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf || tab[s[i]] != 0 {
				return i
			}
		}
		return len(s)
	}
	for _, tc := range tables {
		t.Run(tc.name, func(t *testing.T) {
			for n := 1; n <= 19; n++ {
				for pos := range n {
					for c := range 256 {
						b := []byte(strings.Repeat("a-Z/9.:_", 3)[:n])
						b[pos] = byte(c)
						s := string(b)
						if got, w := plainPrefix(s, tc.tab), want(s, tc.tab); got != w {
							t.Fatalf("plainPrefix(%q) = %d, want %d", s, got, w)
						}
					}
				}
			}
			assert.Equal(t, 0, plainPrefix("", tc.tab))
		})
	}
}

func TestAppendEscapedLongStrings(t *testing.T) {
	tests := []struct{ in, text, attr string }{
		{"/ovirt-engine/api/vms/0123-4567", "/ovirt-engine/api/vms/0123-4567", "/ovirt-engine/api/vms/0123-4567"},
		{"0123456789abcdef&x", "0123456789abcdef&amp;x", "0123456789abcdef&amp;x"},
		{"01234567\t9\nbcdef'<>\"", "01234567\t9\nbcdef&apos;&lt;&gt;&quot;", "01234567&#x9;9&#xA;bcdef&apos;&lt;&gt;&quot;"},
		{"0123456789é\x00", "0123456789é\uFFFD", "0123456789é\uFFFD"},
		{"0123456\r", "0123456&#xD;", "0123456&#xD;"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.text, string(appendEscaped(nil, tc.in, &textEsc)), tc.in)
		assert.Equal(t, tc.attr, string(appendEscaped(nil, tc.in, &attrEsc)), tc.in)
	}
}

// TestWriterNameCache checks that a name is refused even when a valid name of
// the same cache slot was written before, also after Reset.
func TestWriterNameCache(t *testing.T) {
	var out strings.Builder
	w := NewWriter(&out)
	w.Begin("axb")
	w.Attr("pxq", "1")
	w.Element("axb", "t")
	w.End()
	require.NoError(t, w.Close())
	assert.Equal(t, `<axb pxq="1"><axb>t</axb></axb>`, out.String())

	w.Reset(&out)
	w.Begin("a=b")
	assert.EqualError(t, w.Err(), `xmlstream: invalid element name "a=b"`)
	w.Reset(&out)
	w.Begin("axb")
	w.Attr("p q", "1")
	assert.EqualError(t, w.Err(), `xmlstream: invalid attribute name "p q"`)
}

// TestWriterDoesNotAllocate checks that writing elements to a pooled Writer
// allocates nothing.
func TestWriterDoesNotAllocate(t *testing.T) {
	w := NewWriter(io.Discard)
	when := time.Date(2024, 1, 15, 10, 20, 30, 0, time.UTC)
	vm := func() {
		w.Begin("vm")
		w.Attr("href", "/ovirt-engine/api/vms/123")
		w.AttrInt64("n", 42)
		w.Element("name", "vm & co")
		w.Element("comment", "")
		w.ElementInt64("memory", 1<<30)
		w.ElementBool("stateless", false)
		w.ElementFloat64("ratio", 0.25)
		w.ElementTime("creation_time", when)
		w.Begin("cpu")
		w.Text("x")
		w.End()
		w.End()
	}
	w.Begin("vms")
	vm()
	allocs := testing.AllocsPerRun(1000, vm)
	w.End()
	require.NoError(t, w.Close())
	assert.Zero(t, allocs)
}

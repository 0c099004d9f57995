package xmlstream

import (
	"fmt"
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

func TestWriterNames(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"vm", true}, {"_a", true}, {"a-1.b", true}, {"x:y", true}, {"é", true}, {"a\u2028", true},
		{"", false}, {"1a", false}, {"-a", false}, {".a", false}, {"a b", false}, {"a\tb", false},
		{"a/", false}, {"a>", false}, {"a=", false}, {"a<", false}, {`a"`, false}, {"a'", false},
		{"a&", false}, {"a\x00", false}, {"a\x1f", false}, {"a\x7f", false},
		{"a\xff", false}, {"\xc3", false}, {"a\uFFFE", false}, {"a\uFFFF", false},
	}
	for _, tc := range tests {
		var out strings.Builder
		w := NewWriter(&out)
		w.Element(tc.name, "x")
		w.Begin("r")
		w.Attr(tc.name, "x")
		w.End()
		if tc.ok {
			assert.NoError(t, w.Close(), "%q", tc.name)
			continue
		}
		assert.EqualError(t, w.Close(), fmt.Sprintf("xmlstream: invalid element name %q", tc.name))
		w.Reset(&out)
		w.Begin("r")
		w.Attr(tc.name, "x")
		assert.EqualError(t, w.Err(), fmt.Sprintf("xmlstream: invalid attribute name %q", tc.name))
	}
}

// TestWriterNameCacheChecksContent checks that a name is refused even when
// valid names of the same cache set (same length, first, middle and last
// byte) were written before, also after Reset.
func TestWriterNameCacheChecksContent(t *testing.T) {
	var out strings.Builder
	w := NewWriter(&out)
	w.Begin("axyb")
	w.Attr("pxyq", "1")
	w.Element("azyb", "t")
	w.End()
	require.NoError(t, w.Close())
	assert.Equal(t, `<axyb pxyq="1"><azyb>t</azyb></axyb>`, out.String())

	w.Reset(&out)
	w.Begin("a=yb")
	assert.EqualError(t, w.Err(), `xmlstream: invalid element name "a=yb"`)
	w.Reset(&out)
	w.Begin("axyb")
	w.Attr("p yq", "1")
	assert.EqualError(t, w.Err(), `xmlstream: invalid attribute name "p yq"`)
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

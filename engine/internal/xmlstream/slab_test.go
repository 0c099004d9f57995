package xmlstream

import (
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStringBlockSize: strings of a document held whole come from a block no larger than the
// document; a stream that has not ended gets a full block, and one that has ended a block no
// larger than what is left of it.
func TestStringBlockSize(t *testing.T) {
	doc := `<vm id="123" href="/ovirt-engine/api/vms/123"><name>web1</name><description>front end</description></vm>`
	readAll := func(t *testing.T, r *Reader) []string {
		_, err := r.Root()
		require.NoError(t, err)
		id, _ := r.Attr("id")
		href, _ := r.Attr("href")
		got := []string{r.String(id), r.String(href)}
		for {
			_, ok, err := r.Child()
			require.NoError(t, err)
			if !ok {
				return got
			}
			s, err := r.TextString()
			require.NoError(t, err)
			got = append(got, r.String([]byte(s)))
		}
	}
	want := []string{"123", "/ovirt-engine/api/vms/123", "web1", "front end"}

	t.Run("bytes", func(t *testing.T) {
		r := NewReaderBytes([]byte(doc))
		assert.Equal(t, want, readAll(t, r))
		assert.LessOrEqual(t, cap(r.slabs.text), len(doc))
	})
	t.Run("stream", func(t *testing.T) {
		r := NewReader(iotest.HalfReader(strings.NewReader(doc + strings.Repeat(" ", 100<<10))))
		assert.Equal(t, want, readAll(t, r))
		assert.Equal(t, stringBlock, cap(r.slabs.text), "the input has not ended: its size is unknown")
	})
	t.Run("long strings", func(t *testing.T) {
		long := strings.Repeat("x", stringBlock/8)
		d := `<a>` + strings.Repeat(`<b>`+long+`</b>`, 20) + `</a>`
		r := NewReaderBytes([]byte(d))
		got := readAll(t, r)
		require.Len(t, got, 22)
		for _, s := range got[2:] {
			assert.Equal(t, long, s)
		}
	})
}

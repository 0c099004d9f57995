package xmlstream

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriter(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Begin("vm")
	w.Attr("id", `a"b'c<d>&e`)
	w.Attr("x", "tab\tnl\ncr\r")
	w.Element("name", `x & y <z> "q" 'a'`)
	w.Element("empty", "")
	w.Begin("cpu")
	w.Begin("topology")
	w.ElementInt64("cores", -2)
	w.End()
	w.End()
	w.ElementBool("stateless", true)
	w.ElementFloat64("ratio", 0.5)
	w.ElementTime("created", time.Date(2024, 1, 15, 10, 20, 30, 5e6, time.UTC))
	w.Element("bad", "a\x00b\x1fc\xffd\uFFFEe\r\nf")
	w.End()
	require.NoError(t, w.Close())
	assert.Equal(t, `<vm id="a&quot;b&apos;c&lt;d&gt;&amp;e" x="tab&#x9;nl&#xA;cr&#xD;">`+
		`<name>x &amp; y &lt;z&gt; &quot;q&quot; &apos;a&apos;</name><empty/>`+
		`<cpu><topology><cores>-2</cores></topology></cpu><stateless>true</stateless><ratio>0.5</ratio>`+
		`<created>2024-01-15T10:20:30.005+00:00</created><bad>a�b�c�d�e&#xD;`+"\n"+`f</bad></vm>`, out.String())

	// What was written reads back.
	r := NewReaderBytes(out.Bytes())
	_, err := r.Root()
	require.NoError(t, err)
	id, _ := r.Attr("id")
	assert.Equal(t, `a"b'c<d>&e`, string(id))
	x, _ := r.Attr("x")
	assert.Equal(t, "tab\tnl\ncr\r", string(x))
	_, _, err = r.Child()
	require.NoError(t, err)
	name, err := r.TextString()
	require.NoError(t, err)
	assert.Equal(t, `x & y <z> "q" 'a'`, name)
	for range 5 { // empty, cpu, stateless, ratio, created
		_, _, err = r.Child()
		require.NoError(t, err)
		require.NoError(t, r.Skip())
	}
	_, _, err = r.Child()
	require.NoError(t, err)
	bad, err := r.TextString()
	require.NoError(t, err)
	assert.Equal(t, "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\r\nf", bad)
}

func TestWriterErrorsAreSticky(t *testing.T) {
	tests := []struct {
		name string
		do   func(w *Writer)
		want string
	}{
		{"end without begin", func(w *Writer) { w.End() }, "xmlstream: End without Begin"},
		{"attr after text", func(w *Writer) { w.Begin("a"); w.Text("x"); w.Attr("b", "c") }, `xmlstream: attribute "b" outside a start tag`},
		{"text outside", func(w *Writer) { w.Text("x") }, "xmlstream: text outside an element"},
		{"bad name", func(w *Writer) { w.Begin("a b") }, `xmlstream: invalid element name "a b"`},
		{"empty name", func(w *Writer) { w.Begin("") }, `xmlstream: invalid element name ""`},
		{"digit name", func(w *Writer) { w.Begin("1a") }, `xmlstream: invalid element name "1a"`},
		{"bad attr name", func(w *Writer) { w.Begin("a"); w.Attr("x=", "") }, `xmlstream: invalid attribute name "x="`},
		{"not ended", func(w *Writer) { w.Begin("a") }, "xmlstream: element <a> not ended"},
		{"bad leaf name", func(w *Writer) { w.Element("a b", "x") }, `xmlstream: invalid element name "a b"`},
		{"bad int leaf name", func(w *Writer) { w.ElementInt64("1", 1) }, `xmlstream: invalid element name "1"`},
		{"bad empty leaf name", func(w *Writer) { w.Element("<", "") }, `xmlstream: invalid element name "<"`},
		{"int attr after text", func(w *Writer) { w.Begin("a"); w.Text("x"); w.AttrInt64("b", 1) }, `xmlstream: attribute "b" outside a start tag`},
		{"bad int attr name", func(w *Writer) { w.Begin("a"); w.AttrInt64("", 1) }, `xmlstream: invalid attribute name ""`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out)
			tc.do(w)
			w.Begin("z")
			w.End()
			assert.EqualError(t, w.Close(), tc.want)
			assert.EqualError(t, w.Err(), tc.want)
		})
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(p), nil
}

func TestWriterFlushesLargeOutput(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Begin("a")
	big := strings.Repeat("x", 1000)
	for range 100 {
		w.Element("b", big)
	}
	assert.Greater(t, out.Len(), 0, "flushed before the end")
	w.End()
	require.NoError(t, w.Flush())
	assert.Equal(t, 3+100*(1000+7)+4, out.Len())

	fw := &failWriter{}
	w = NewWriter(fw)
	w.Begin("a")
	for range 100 {
		w.Element("b", big)
	}
	w.End()
	assert.EqualError(t, w.Flush(), "disk full")
}

func TestWriterAttrInt64(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Begin("vlan")
	w.AttrInt64("id", 42)
	w.End()
	require.NoError(t, w.Flush())
	assert.Equal(t, `<vlan id="42"/>`, out.String())
	assert.Equal(t, 0, w.Depth())
}

package xmlstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dump walks a document into a compact form: name[attr=value ...]{children}
// or name[...]="text". Elements whose names start with "t" are read with
// Text, those starting with "s" are skipped (shown as name~), the others are
// walked with Child.
func dump(r *Reader) (string, error) {
	name, err := r.Root()
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	if err := dumpElem(r, name, &sb); err != nil {
		return sb.String(), err
	}
	// After the root, Child reports nothing more.
	_, ok, err := r.Child()
	if err != nil || ok {
		return sb.String(), fmt.Errorf("after root: ok=%v err=%v", ok, err)
	}
	return sb.String(), nil
}

func dumpElem(r *Reader, name []byte, sb *strings.Builder) error {
	sb.Write(name)
	if n := r.AttrCount(); n > 0 {
		sb.WriteByte('[')
		for i := range n {
			k, v := r.AttrAt(i)
			if i > 0 {
				sb.WriteByte(' ')
			}
			fmt.Fprintf(sb, "%s=%q", k, v)
		}
		sb.WriteByte(']')
	}
	switch {
	case bytes.HasPrefix(name, []byte("t")):
		t, err := r.Text()
		if err != nil {
			return err
		}
		fmt.Fprintf(sb, "=%q", t)
		return nil
	case bytes.HasPrefix(name, []byte("s")):
		sb.WriteByte('~')
		return r.Skip()
	}
	sb.WriteByte('{')
	first := true
	for {
		child, ok, err := r.Child()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if !first {
			sb.WriteByte(' ')
		}
		first = false
		// The name is only valid until the next call: copy it.
		if err := dumpElem(r, bytes.Clone(child), sb); err != nil {
			return err
		}
	}
	sb.WriteByte('}')
	return nil
}

// readers returns the ways to read doc: from memory, and streamed in
// chunks of one and of seven bytes.
func readers(doc string) map[string]func() *Reader {
	return map[string]func() *Reader{
		"bytes":   func() *Reader { return NewReaderBytes([]byte(doc)) },
		"onebyte": func() *Reader { return NewReader(iotest.OneByteReader(strings.NewReader(doc))) },
		"halves":  func() *Reader { return NewReader(iotest.HalfReader(strings.NewReader(doc))) },
		"timeout": func() *Reader { return NewReader(iotest.DataErrReader(strings.NewReader(doc))) },
		"buffer": func() *Reader { // half of it read already into a buffer the reader goes on in
			buf := make([]byte, min(len(doc)/2, 32<<10), 64<<10)
			copy(buf, doc)
			return NewReaderBuffer(iotest.HalfReader(strings.NewReader(doc[len(buf):])), buf)
		},
	}
}

// long is an attribute name longer than the names the duplicate check tells apart by length.
var long = strings.Repeat("n", 70)

func TestReaderWalk(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"empty root", `<a/>`, `a{}`},
		{"empty root pair", `<a></a>`, `a{}`},
		{"prolog", "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!-- c -->\n<?pi x?>\n<a/>\n<!-- trailing -->", `a{}`},
		{"doctype", `<!DOCTYPE a [ <!ENTITY e "x>y"> <!ELEMENT a ANY> ]><a/>`, `a{}`},
		{"doctype simple", `<!DOCTYPE a SYSTEM "a.dtd"><a/>`, `a{}`},
		{"children", `<a><b/><c></c><b x="1"/></a>`, `a{b{} c{} b[x="1"]{}}`},
		{"text", `<a><t1>hello</t1><t2/><t3></t3></a>`, `a{t1="hello" t2="" t3=""}`},
		{"whitespace text kept", `<a><t> x </t></a>`, `a{t=" x "}`},
		{"entities", `<t>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x00e9;&#128512;</t>`, `t="&<>\"'ABé😀"`},
		{"cdata", `<t>a<![CDATA[<b>&amp;]]]]>c</t>`, `t="a<b>&amp;]]c"`},
		{"comment in text", `<t>a<!-- x -->b<?pi?>c</t>`, `t="abc"`},
		{"line ends", "<t>a\r\nb\rc\n</t>", `t="a\nb\nc\n"`},
		{"cdata line ends", "<t><![CDATA[a\r\nb\r]]></t>", `t="a\nb\n"`},
		{"attributes", `<a x="1" y='2' z = "a'b" w='a"b'/>`, `a[x="1" y="2" z="a'b" w="a\"b"]{}`},
		{"attr entities", `<a x="&lt;&amp;&#x41;&quot;" y="a&#10;b"/>`, `a[x="<&A\"" y="a\nb"]{}`},
		{"attr whitespace", "<a x=\"a\tb\nc\r\nd\"/>", `a[x="a b c d"]{}`},
		{"attr gt", `<a x="a>b"/>`, `a[x="a>b"]{}`},
		{"text between children", `<a>junk<b/>more&amp;<!-- c --><b/><![CDATA[x]]></a>`, `a{b{} b{}}`},
		{"skip", `<a><s><x><y>1</y><z/></x><!-- c --><![CDATA[<q>]]></s><b/></a>`, `a{s~ b{}}`},
		{"skip empty", `<a><s/><b/></a>`, `a{s~ b{}}`},
		{"end tag space", `<a><b></b ></a  >`, `a{b{}}`},
		{"tag whitespace", "<a\n x=\"1\"\n/>", `a[x="1"]{}`},
		{"namespaces kept", `<ns:a xmlns:ns="u"><tn:x>x</tn:x></ns:a>`, `ns:a[xmlns:ns="u"]{tn:x="x"}`},
		{"utf8", `<a é="ü"><tü>ß</tü></a>`, `a[é="ü"]{tü="ß"}`},
		{"utf8 long", `<a é="` + strings.Repeat("ü€😀", 9) + `"><t>` + strings.Repeat("ü€😀\t", 30) + `</t></a>`,
			`a[é="` + strings.Repeat("ü€😀", 9) + `"]{t="` + strings.Repeat(`ü€😀\t`, 30) + `"}`},
		{"control characters allowed", "<a x='\x7f'><t>\t\x7f\u0085</t></a>", `a[x="\x7f"]{t="\t\x7f\u0085"}`},
		{"after the root", "<a/> <!-- c --> <?pi x?>\n", `a{}`},
		{"declared utf-8", `<?xml version="1.0" encoding="utf-8"?><a/>`, `a{}`},
		{"declared us-ascii", "\xef\xbb\xbf<?xml version='1.0' encoding = 'US-ASCII' ?><a/>", `a{}`},
		{"declaration without encoding", `<?xml version="1.0" standalone="no"?><a/>`, `a{}`},
		{"declaration spaces", "<?xml\n\tversion=\"1.0\"\r\n\tencoding=\"UTF-8\"?><a/>", `a{}`},
		{"other pi first", `<?xml-stylesheet type="text/xsl" encoding="latin1"?><a/>`, `a{}`},
		{"attr names sharing a prefix", `<a id="1" i="2" idx="3" d="4"/>`, `a[id="1" i="2" idx="3" d="4"]{}`},
		{"long attr names", `<a ` + long + `="1" ` + long + `x="2" ` + long[1:] + `y="3"/>`,
			`a[` + long + `="1" ` + long + `x="2" ` + long[1:] + `y="3"]{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for how, mk := range readers(tc.doc) {
				got, err := dump(mk())
				require.NoError(t, err, how)
				assert.Equal(t, tc.want, got, how)
			}
		})
	}
}

func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"empty", ``, `line 1 col 1: no root element`},
		{"only prolog", `<?xml version="1.0"?>`, `line 1 col 22: no root element`},
		{"text first", `hello`, `line 1 col 1: text before the root element`},
		{"end first", `</a>`, `line 1 col 1: end tag before the root element`},
		{"mismatch", "<a>\n  <b></c>\n</a>", `line 2 col 6: a/b: end tag </c> does not match <b>`},
		{"truncated start", `<a><b x="1`, `line 1 col 11: a: unexpected end of input in a start tag`},
		{"truncated child", `<a><b>`, `line 1 col 7: a/b: unexpected end of input inside an element`},
		{"truncated text", `<a><t>abc`, `line 1 col 10: a/t: unexpected end of input in text`},
		{"truncated end", `<a><t>abc</t`, `line 1 col 13: a/t: unexpected end of input in an end tag`},
		{"truncated comment", `<a><!-- x`, `line 1 col 10: a: unexpected end of input in a comment`},
		{"truncated cdata", `<a><t><![CDATA[x`, `line 1 col 17: a/t: unexpected end of input in a CDATA section`},
		{"unknown entity", `<a><t>x &foo; y</t></a>`, `line 1 col 9: a/t: invalid reference &foo;`},
		{"bad char ref", `<a><t>&#0;</t></a>`, `line 1 col 7: a/t: invalid reference &#0;`},
		{"surrogate ref", `<a><t>&#xD800;</t></a>`, `line 1 col 7: a/t: invalid reference &#xD800;`},
		{"huge ref", `<a><t>&#x1100000;</t></a>`, `line 1 col 7: a/t: invalid reference &#x1100000;`},
		{"unterminated ref", `<a><t>a & b</t></a>`, `line 1 col 9: a/t: unterminated entity or character reference`},
		{"attr entity", `<a x="&bad;"/>`, `line 1 col 7: invalid reference &bad;`},
		{"attr lt", `<a x="<"/>`, `line 1 col 7: '<' in an attribute value`},
		{"attr unquoted", `<a x=1/>`, `line 1 col 6: value of attribute x is not quoted`},
		{"attr no eq", `<a x "1"/>`, `line 1 col 6: expected '=' after attribute x`},
		{"attr no space", `<a x="1"y="2"/>`, `line 1 col 9: unexpected 'y' in a start tag`},
		{"duplicate attr", `<vm id="1" id="2"/>`, `line 1 col 12: duplicate attribute id`},
		{"duplicate attr child", "<vms>\n<vm a='x' id=\"1\" b='' id='2'></vm></vms>", `line 2 col 23: vms: duplicate attribute id`},
		{"duplicate attr decoded", `<a x="&lt;" y="1" x="&gt;"/>`, `line 1 col 19: duplicate attribute x`},
		{"duplicate long attr", `<a ` + long + `="1" ` + long + `="2"/>`, `line 1 col 79: duplicate attribute ` + long},
		{"bad slash", `<a/ >`, `line 1 col 3: expected '>' after '/' in a start tag`},
		{"bad name", `<a>< b/></a>`, `line 1 col 5: a: invalid character ' ' after '<'`},
		{"child in text", `<a><t>x<b/></t></a>`, `line 1 col 8: a/t: unexpected child element in text`},
		{"bad bang", `<a><!x></a>`, `line 1 col 4: a: invalid markup after '<!'`},
		{"bad bang long", `<a><!xxxxxxxxx></a>`, `line 1 col 4: a: invalid markup after '<!'`},
		{"truncated cdata start", `<a><![CDA`, `line 1 col 10: a: unexpected end of input in markup`},
		{"doctype inside", `<a><!DOCTYPE a></a>`, `line 1 col 4: a: invalid markup after '<!'`},
		{"cdata outside", `<![CDATA[x]]><a/>`, `line 1 col 1: invalid markup after '<!'`},
		{"latin1", `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
			`line 1 col 31: unsupported encoding ISO-8859-1; the oVirt API sends UTF-8`},
		{"utf-16 after bom", "\xef\xbb\xbf<?xml version='1.0' encoding='UTF-16'?>\n<a/>",
			`line 1 col 34: unsupported encoding UTF-16; the oVirt API sends UTF-8`},
		{"bad encoding name", `<?xml version="1.0" encoding="<x>"?><a/>`,
			`line 1 col 31: invalid encoding name "<x>" in the XML declaration`},
		{"bad declaration", `<?xml version="1.0" encoding?><a/>`,
			`line 1 col 29: expected '=' after encoding in the XML declaration`},
		{"truncated declaration", `<?xml version="1.0" encoding="UTF-8"`,
			`line 1 col 37: unexpected end of input in the XML declaration`},
		// Characters XML 1.0 does not allow, raw as they are refused as references (issue 11 item 15).
		{"nul in text", "<a><t>x\x00y</t></a>", `line 1 col 8: a/t: control character U+0000 in text`},
		{"control in long text", "<a><t>" + strings.Repeat("x", 100) + "\x01</t></a>",
			`line 1 col 107: a/t: control character U+0001 in text`},
		{"bad utf-8 in text", "<a><t>x\xffy</t></a>", `line 1 col 8: a/t: invalid UTF-8 (byte 0xFF) in text`},
		{"bad utf-8 in decoded text", "<a><t>&amp;\xc3(</t></a>", `line 1 col 12: a/t: invalid UTF-8 (byte 0xC3) in text`},
		{"raw surrogate in text", "<a><t>\xed\xa0\x80</t></a>", `line 1 col 7: a/t: invalid UTF-8 (byte 0xED) in text`},
		{"noncharacter in text", "<a><t>é\xef\xbf\xbe</t></a>", `line 1 col 9: a/t: character U+FFFE not allowed in text`},
		{"bad utf-8 in cdata", "<a><t><![CDATA[ab\xfe]]></t></a>", `line 1 col 18: a/t: invalid UTF-8 (byte 0xFE) in a CDATA section`},
		{"cut utf-8 in skipped text", "<a>ü\xc3<b/></a>", `line 1 col 6: a: invalid UTF-8 (byte 0xC3) in text`},
		{"nul in skipped text", "<a>\x00<b/></a>", `line 1 col 4: a: control character U+0000 in text`},
		{"bad utf-8 in element name", "<a><b\xff/></a>", `line 1 col 6: a: invalid UTF-8 (byte 0xFF) in an element name`},
		{"nul in element name", "<a\x00/>", `line 1 col 3: control character U+0000 in an element name`},
		{"bad utf-8 in attribute name", "<a x\xc0\x80='1'/>", `line 1 col 5: invalid UTF-8 (byte 0xC0) in an attribute name`},
		{"bad utf-8 in attribute value", "<a x='ok\xff'/>", `line 1 col 9: invalid UTF-8 (byte 0xFF) in an attribute value`},
		{"nul in attribute value", "<a x='\x00'/>", `line 1 col 7: control character U+0000 in an attribute value`},
		{"second root", `<vm/><vm/>`, `line 1 col 6: content after the root element`},
		{"text after root", "<vm></vm>\nx", `line 2 col 1: content after the root element`},
		{"cdata after root", "<vm><t/></vm><![CDATA[x]]>", `line 1 col 14: content after the root element`},
		{"truncated comment after root", "<vm/><!-- x", `line 1 col 12: unexpected end of input in a comment`},
		{"repeated path", "<vms>\n<vm/><vm/><vm><cpu><topology><cores>x</cores></topology></cpu></vm></vms>",
			`line 2 col 37: vms/vm[3]/cpu/topology/cores: invalid integer "x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for how, mk := range readers(tc.doc) {
				r := mk()
				_, err := walkInts(r)
				require.Error(t, err, how)
				assert.Equal(t, tc.want, err.Error(), how)
				var xe *Error
				require.True(t, errors.As(err, &xe), how)
				if !strings.Contains(tc.want, "invalid integer") {
					// Syntax errors are sticky.
					_, _, err2 := r.Child()
					assert.Equal(t, err, err2, how)
				}
			}
		})
	}
}

// walkInts walks a document reading "cores" elements as integers, "t"
// elements as text and everything else with Child.
func walkInts(r *Reader) (int, error) {
	if _, err := r.Root(); err != nil {
		return 0, err
	}
	n := 0
	var walk func() error
	walk = func() error {
		for {
			name, ok, err := r.Child()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			n++
			switch string(name) {
			case "cores":
				if _, err := r.TextInt64(); err != nil {
					return err
				}
			case "t":
				if _, err := r.Text(); err != nil {
					return err
				}
			default:
				if err := walk(); err != nil {
					return err
				}
			}
		}
	}
	return n, walk()
}

func TestReaderTruncatedPrefixes(t *testing.T) {
	doc := `<?xml version="1.0"?><vms><vm id="1" href="/x"><name>a&amp;b</name><t>x<![CDATA[y]]>z</t>` +
		`<cpu><topology><cores>2</cores></topology></cpu><!-- c --><link rel="nics" href="/n"/></vm></vms>`
	_, err := walkInts(NewReaderBytes([]byte(doc)))
	require.NoError(t, err)
	end := strings.LastIndex(doc, "</vms>") + len("</vms>")
	for i := range end {
		for how, mk := range readers(doc[:i]) {
			_, err := walkInts(mk())
			require.Error(t, err, "prefix %d %q (%s)", i, doc[:i], how)
		}
	}
}

func TestReaderZeroCopy(t *testing.T) {
	doc := []byte(`<a id="x1"><t>hello</t><u>a&amp;b</u></a>`)
	r := NewReaderBytes(doc)
	_, err := r.Root()
	require.NoError(t, err)
	id, ok := r.Attr("id")
	require.True(t, ok)
	assert.Equal(t, "x1", string(id))
	assert.True(t, &id[0] == &doc[7], "attribute value points into the input")
	_, ok = r.Attr("nope")
	assert.False(t, ok)
	_, ok, err = r.Child()
	require.True(t, ok)
	require.NoError(t, err)
	txt, err := r.Text()
	require.NoError(t, err)
	assert.Equal(t, "hello", string(txt))
	assert.True(t, &txt[0] == &doc[14], "text points into the input")
	_, ok, err = r.Child()
	require.True(t, ok)
	require.NoError(t, err)
	txt, err = r.Text()
	require.NoError(t, err)
	assert.Equal(t, "a&b", string(txt))
	assert.Equal(t, []byte(`<a id="x1"><t>hello</t><u>a&amp;b</u></a>`), doc, "input unchanged")
}

func TestReaderAttrsValidUntilNextCall(t *testing.T) {
	r := NewReaderBytes([]byte(`<a x="&lt;1" y="&gt;2" z="3"><b/></a>`))
	_, err := r.Root()
	require.NoError(t, err)
	x, _ := r.Attr("x")
	y, _ := r.Attr("y")
	z, _ := r.Attr("z")
	assert.Equal(t, "<1", string(x))
	assert.Equal(t, ">2", string(y))
	assert.Equal(t, "3", string(z))
	_, ok, err := r.Child()
	require.NoError(t, err)
	require.True(t, ok)
	_, ok = r.Attr("x")
	assert.False(t, ok, "attributes belong to the current start tag")
}

func TestReaderLargeStreamed(t *testing.T) {
	// Tokens larger than the initial buffer and many buffer refills.
	var sb strings.Builder
	sb.WriteString("<vms>\n")
	big := strings.Repeat("0123456789", 20000)
	for i := range 500 {
		fmt.Fprintf(&sb, "  <vm id=\"%d\" big=\"%s\">\n    <t>%s&amp;</t>\n    <cores>%d</cores>\n  </vm>\n", i, big[:i*50], big[:i*300], i)
	}
	sb.WriteString("</vms>\n")
	doc := sb.String()
	for how, mk := range readers(doc) {
		if how == "onebyte" {
			continue // too slow to be worth it here
		}
		n, err := walkInts(mk())
		require.NoError(t, err, how)
		assert.Equal(t, 1500, n, how)
	}
	r := NewReader(strings.NewReader(doc))
	_, err := r.Root()
	require.NoError(t, err)
	for i := 0; ; i++ {
		_, ok, err := r.Child()
		require.NoError(t, err)
		if !ok {
			break
		}
		b, _ := r.Attr("big")
		require.Len(t, b, i*50)
		_, _, err = r.Child()
		require.NoError(t, err)
		txt, err := r.Text()
		require.NoError(t, err)
		require.Equal(t, big[:i*300]+"&", string(txt))
		require.NoError(t, r.Skip())
	}
	// Closing the root element reads (and checks) the rest of the input.
	assert.Equal(t, int64(len(doc)), r.InputOffset())
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestReaderReadError(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(strings.NewReader("<a><b>"), errReader{boom}))
	_, err := walkInts(r)
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, "line 1 col 7: a/b: reading input inside an element: boom", err.Error())
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestReaderNoProgress(t *testing.T) {
	_, err := NewReader(zeroReader{}).Root()
	assert.ErrorIs(t, err, io.ErrNoProgress)
}

func TestReaderMisuse(t *testing.T) {
	r := NewReaderBytes([]byte(`<a/>`))
	_, _, err := r.Child()
	assert.EqualError(t, err, "line 1 col 1: Child called before Root")

	r = NewReaderBytes([]byte(`<a/>`))
	_, err = r.Root()
	require.NoError(t, err)
	_, ok, err := r.Child()
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, r.Skip(), "Skip after the root is a no-op")
	_, err = r.Text()
	assert.EqualError(t, err, "line 1 col 5: Text called outside an element")
}

func TestReaderDeepNesting(t *testing.T) {
	doc := strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1)
	r := NewReaderBytes([]byte(doc))
	_, err := r.Root()
	require.NoError(t, err)
	require.ErrorContains(t, r.Skip(), "nested deeper than")

	doc = strings.Repeat("<a>", maxDepth) + strings.Repeat("</a>", maxDepth)
	r = NewReaderBytes([]byte(doc))
	_, err = r.Root()
	require.NoError(t, err)
	require.NoError(t, r.Skip())
}

func TestErrorfPosition(t *testing.T) {
	doc := "<vm>\n  <name>x</name>\n  <memory>\n    12a\n  </memory>\n</vm>"
	r := NewReaderBytes([]byte(doc))
	_, err := r.Root()
	require.NoError(t, err)
	_, _, err = r.Child()
	require.NoError(t, err)
	_, err = r.Text()
	require.NoError(t, err)
	_, _, err = r.Child()
	require.NoError(t, err)
	_, err = r.TextInt64()
	var xe *Error
	require.ErrorAs(t, err, &xe)
	assert.Equal(t, &Error{Line: 3, Col: 11, Offset: 32, Path: "vm/memory", Msg: `invalid integer "12a"`}, xe)
	// The reader itself is fine: the rest can still be read.
	_, ok, err := r.Child()
	require.NoError(t, err)
	assert.False(t, ok)

	// Errorf right after Child names the child.
	r = NewReaderBytes([]byte("<a><b/><b/></a>"))
	_, _ = r.Root()
	_, _, _ = r.Child()
	require.NoError(t, r.Skip())
	_, _, _ = r.Child()
	assert.EqualError(t, r.Errorf("bad %s", "thing"), "line 1 col 8: a/b[2]: bad thing")
}

func TestReaderLongTagsStayLinear(t *testing.T) {
	// An attribute value full of '>' arriving in small pieces.
	value := strings.Repeat(">", 1<<20)
	doc := `<a x="` + value + `" y="1"/>`
	start := time.Now()
	r := NewReader(iotest.HalfReader(&chunkReader{s: doc, n: 512}))
	_, err := r.Root()
	require.NoError(t, err)
	x, _ := r.Attr("x")
	assert.Len(t, x, len(value))
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestReaderManyAttributesStayLinear(t *testing.T) {
	// Comparing every pair of 100000 attributes would take many seconds.
	var sb strings.Builder
	sb.WriteString("<a")
	for i := range 100000 {
		fmt.Fprintf(&sb, " a%d=''", i)
	}
	doc := sb.String()
	start := time.Now()
	r := NewReaderBytes([]byte(doc + "/>"))
	_, err := r.Root()
	require.NoError(t, err)
	assert.Equal(t, 100000, r.AttrCount())
	assert.Less(t, time.Since(start), 5*time.Second)

	r = NewReaderBytes([]byte(doc + " a99999='x'/>"))
	_, err = r.Root()
	require.ErrorContains(t, err, "duplicate attribute a99999")
	assert.Less(t, time.Since(start), 10*time.Second)
}

// chunkReader returns at most n bytes per Read.
type chunkReader struct {
	s string
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	if len(p) > c.n {
		p = p[:c.n]
	}
	k := copy(p, c.s)
	c.s = c.s[k:]
	return k, nil
}

func TestHasAttrSpecial(t *testing.T) {
	for n := range 20 {
		plain := strings.Repeat("a/-9Z~\x7fb", 3)[:n]
		assert.False(t, hasAttrSpecial([]byte(plain)), "%q", plain)
		for i := range n {
			for _, c := range []byte("&<\t\n\r\x00\x1f\x80\xff") {
				b := []byte(plain)
				b[i] = c
				assert.True(t, hasAttrSpecial(b), "%q", b)
			}
			for _, c := range []byte(" !\"'=>") {
				b := []byte(plain)
				b[i] = c
				assert.False(t, hasAttrSpecial(b), "%q", b)
			}
		}
	}
}

// TestSkipSpace: skipSpace stops where a byte-at-a-time scan stops, from every start, for
// indentations shorter and longer than eight spaces, tabs and carriage returns among them,
// white space running to the end of the buffer, and none.
func TestSkipSpace(t *testing.T) {
	for _, s := range []string{
		"", "<a>", "\n<a>", "\n       <a>", "\n        <a>", "\n         <a>",
		"\n                <a>", "\n        \t        \r\n    x", "\n            ",
		"\n" + strings.Repeat(" ", 40), " \n \n        \n", "\t\n        \t<",
	} {
		b := []byte(s)
		for i := 0; i <= len(b); i++ {
			want := i
			for want < len(b) && isSpace[b[want]] {
				want++
			}
			assert.Equal(t, want, skipSpace(b, i), "%q from %d", s, i)
		}
	}
}

package xmlstream

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	`<a/>`,
	`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><!-- c --><a x='1' y="&amp;">t<b/>u</a>`,
	`<vms><vm id="1" href="/v/1"><name>a&amp;b&#x41;</name><cpu><topology><cores>2</cores></topology></cpu>` +
		`<link rel="nics" href="/n"/><actions><link rel="start" href="/s"/></actions></vm><vm/></vms>`,
	`<t><![CDATA[<x>]]>&lt;<!-- -->&#10;</t>`,
	"<a>\r\n<b c=\"\t\r\n\">\r</b></a>",
	`<a><b></c></a>`,
	`<a><b x="1`,
	`<a>&bogus;</a>`,
	`<a><![CDATA[x`,
	`<a:b xmlns:a="u"><a:c/></a:b>`,
	`<vm id="1" href="/v" id="2"/>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
	"\xef\xbb\xbf<?xml version='1.0' encoding='us-ascii' standalone='yes'?><a/>",
	// Characters XML does not allow, and content after the root element.
	"<a x='\xff'><t>\x00</t>\xc3<b\xc0\x80/></a>",
	"<a><t>é\xef\xbf\xbe<![CDATA[\xed\xa0\x80]]></t>\x01</a>",
	"<a>ü€😀<t x='😀\t'>ü€😀&amp;</t></a><!-- c --><?p?>",
	`<vm/><vm/>`,
	"<vm></vm>\nx",
}

// fuzzWalk walks any document, choosing for each element by a hash of its
// name whether to read attributes, Text, Skip or its children. It returns a
// transcript of what it saw.
func fuzzWalk(r *Reader) (string, error) {
	var sb strings.Builder
	name, err := r.Root()
	if err != nil {
		return sb.String(), err
	}
	var walk func(name []byte, depth int) error
	walk = func(name []byte, depth int) error {
		h := fnv.New32a()
		h.Write(name)
		choice := h.Sum32() % 4
		if badChar(name) >= 0 {
			return fmt.Errorf("name %q holds a character XML does not allow", name)
		}
		fmt.Fprintf(&sb, "<%s:%d", name, choice)
		for i := range r.AttrCount() {
			k, v := r.AttrAt(i)
			got, ok := r.Attr(string(k))
			if !ok {
				return fmt.Errorf("attribute %q listed but not found", k)
			}
			if !bytes.Equal(got, v) {
				// Duplicate attribute names are a syntax error.
				return fmt.Errorf("attribute %q: Attr gives %q, AttrAt %q", k, got, v)
			}
			if badChar(k) >= 0 || badChar(v) >= 0 {
				return fmt.Errorf("attribute %q=%q holds a character XML does not allow", k, v)
			}
			fmt.Fprintf(&sb, " %s=%q", k, v)
		}
		switch {
		case choice == 0:
			t, err := r.Text()
			if err != nil {
				return err
			}
			if badChar(t) >= 0 {
				return fmt.Errorf("text %q holds a character XML does not allow", t)
			}
			fmt.Fprintf(&sb, " text=%q", t)
			return nil
		case choice == 1 || depth > 50:
			sb.WriteString(" skip")
			return r.Skip()
		}
		for {
			child, ok, err := r.Child()
			if err != nil {
				return err
			}
			if !ok {
				sb.WriteString(">")
				return nil
			}
			if err := walk(bytes.Clone(child), depth+1); err != nil {
				return err
			}
		}
	}
	return sb.String(), walk(bytes.Clone(name), 1)
}

// FuzzReader checks that no input makes the reader panic, and that reading
// from memory and reading streamed one byte at a time agree exactly.
func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got1, err1 := fuzzWalk(NewReaderBytes(doc))
		got2, err2 := fuzzWalk(NewReader(iotest.OneByteReader(bytes.NewReader(doc))))
		if got1 != got2 {
			t.Fatalf("transcripts differ:\nbytes:  %s\nstream: %s", got1, got2)
		}
		if fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("errors differ:\nbytes:  %v\nstream: %v", err1, err2)
		}
		if err1 != nil {
			if _, ok := err1.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err1, err1)
			}
		}
	})
}

// FuzzWriterRoundTrip checks that any text and attribute value written reads
// back as written, with disallowed characters replaced.
func FuzzWriterRoundTrip(f *testing.F) {
	f.Add("plain", "value")
	f.Add("a&b<c>\"'\r\n\t]]>", "x\r\ny\tz\"'&<>")
	f.Add("\x00\x01\xff\ufffe", "\x7f\u0085\u2028")
	f.Fuzz(func(t *testing.T, text, attr string) {
		var out bytes.Buffer
		w := NewWriter(&out)
		w.Begin("a")
		w.Attr("v", attr)
		w.Element("t", text)
		w.End()
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r := NewReaderBytes(out.Bytes())
		if _, err := r.Root(); err != nil {
			t.Fatalf("%v in %q", err, out.Bytes())
		}
		v, _ := r.Attr("v")
		if want := sanitize(attr); string(v) != want {
			t.Fatalf("attribute %q read back as %q, want %q", attr, v, want)
		}
		if _, _, err := r.Child(); err != nil {
			t.Fatal(err)
		}
		got, err := r.Text()
		if err != nil {
			t.Fatalf("%v in %q", err, out.Bytes())
		}
		if want := sanitize(text); string(got) != want {
			t.Fatalf("text %q read back as %q, want %q", text, got, want)
		}
	})
}

// sanitize replaces what XML 1.0 cannot carry by U+FFFD.
func sanitize(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			r = utf8.RuneError
		}
		sb.WriteRune(r)
		i += size
	}
	return sb.String()
}

package xmlstream

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

var benchDoc = sync.OnceValue(func() []byte {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<vms>\n")
	for i := range 1000 {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		fmt.Fprintf(&sb, "  <vm href=\"/ovirt-engine/api/vms/%s\" id=\"%s\">\n    <actions>\n", id, id)
		for _, a := range []string{"start", "stop", "suspend", "shutdown", "migrate", "export", "clone", "reboot"} {
			fmt.Fprintf(&sb, "      <link href=\"/ovirt-engine/api/vms/%s/%s\" rel=\"%s\"/>\n", id, a, a)
		}
		fmt.Fprintf(&sb, "    </actions>\n    <name>vm-%d</name>\n    <description>web &amp; db</description>\n", i)
		for _, l := range []string{"nics", "diskattachments", "snapshots", "tags", "permissions"} {
			fmt.Fprintf(&sb, "    <link href=\"/ovirt-engine/api/vms/%s/%s\" rel=\"%s\"/>\n", id, l, l)
		}
		sb.WriteString("    <cpu>\n      <architecture>x86_64</architecture>\n      <topology>\n        <cores>2</cores>\n        <sockets>1</sockets>\n        <threads>1</threads>\n      </topology>\n    </cpu>\n")
		fmt.Fprintf(&sb, "    <memory>%d</memory>\n    <stateless>false</stateless>\n    <status>up</status>\n", int64(i)<<20)
		fmt.Fprintf(&sb, "    <cluster href=\"/ovirt-engine/api/clusters/c1\" id=\"c1\"/>\n  </vm>\n")
	}
	sb.WriteString("</vms>\n")
	return []byte(sb.String())
})

// walkAll visits every element, reading attributes and the text of leaves
// (elements named in leaves).
func walkAll(r *Reader) (int, error) {
	if _, err := r.Root(); err != nil {
		return 0, err
	}
	n := 0
	var walk func() error
	walk = func() error {
		for {
			name, ok, err := r.Child()
			if err != nil || !ok {
				return err
			}
			n++
			r.Attr("id")
			r.Attr("href")
			switch string(name) {
			case "name", "description", "architecture", "status":
				_, err = r.Text()
			case "cores", "sockets", "threads", "memory":
				_, err = r.TextInt64()
			case "stateless":
				_, err = r.TextBool()
			case "link", "cluster":
				r.Attr("rel")
				err = r.Skip()
			default:
				err = walk()
			}
			if err != nil {
				return err
			}
		}
	}
	return n, walk()
}

func BenchmarkReaderWalk(b *testing.B) {
	doc := benchDoc()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := walkAll(NewReader(bytes.NewReader(doc))); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReaderWalkBytes(b *testing.B) {
	doc := benchDoc()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := walkAll(NewReaderBytes(doc)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStdlibToken(b *testing.B) {
	doc := benchDoc()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkWriter(b *testing.B) {
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		var out bytes.Buffer
		w := NewWriter(&out)
		w.Begin("vms")
		for i := range 100 {
			w.Begin("vm")
			w.Attr("id", "00000000-0000-4000-8000-000000000000")
			w.Element("name", "vm & co")
			w.ElementInt64("memory", int64(i)<<20)
			w.ElementBool("stateless", false)
			w.End()
		}
		w.End()
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		n = int64(out.Len())
	}
	b.SetBytes(n)
}

func TestWalkAllBenchDoc(t *testing.T) {
	n, err := walkAll(NewReaderBytes(benchDoc()))
	if err != nil {
		t.Fatal(err)
	}
	if want := 1000 * 27; n != want {
		t.Fatalf("walked %d elements, want %d", n, want)
	}
}

// countWriter counts and drops what is written.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkWriterVMs writes a document shaped like the simulator's VM list:
// links with long hrefs, short leaves, constant names.
func BenchmarkWriterVMs(b *testing.B) {
	type vm struct{ id, href, name string }
	rels := []string{"start", "stop", "suspend", "shutdown", "migrate", "export", "clone", "reboot"}
	vms := make([]vm, 100)
	links := make([][]string, len(vms))
	for i := range vms {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		vms[i] = vm{id, "/ovirt-engine/api/vms/" + id, "vm-" + id[:8]}
		for _, rel := range rels {
			links[i] = append(links[i], vms[i].href+"/"+rel)
		}
	}
	var out countWriter
	w := NewWriter(&out)
	b.ReportAllocs()
	for b.Loop() {
		out.n = 0
		w.Reset(&out)
		w.Begin("vms")
		for i, v := range vms {
			w.Begin("vm")
			w.Attr("id", v.id)
			w.Attr("href", v.href)
			w.Begin("actions")
			for j, rel := range rels {
				w.Begin("link")
				w.Attr("href", links[i][j])
				w.Attr("rel", rel)
				w.End()
			}
			w.End()
			w.Element("name", v.name)
			w.Element("comment", "")
			w.Begin("cpu")
			w.Element("architecture", "x86_64")
			w.Begin("topology")
			w.ElementInt64("cores", 2)
			w.ElementInt64("sockets", 1)
			w.ElementInt64("threads", 1)
			w.End()
			w.End()
			w.ElementInt64("memory", int64(i)<<20)
			w.ElementBool("stateless", false)
			w.Element("status", "up")
			w.End()
		}
		w.End()
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(out.n)
}

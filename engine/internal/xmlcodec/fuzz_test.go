package xmlcodec

import (
	"bytes"
	"embed"
	"testing"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
)

//go:embed testdata/*.xml
var testdataFS embed.FS

// FuzzReadVm decodes arbitrary documents as a Vm. It must never panic, must return either a
// value or an *xmlstream.Error (never both), and whatever it decodes must write and read again.
func FuzzReadVm(f *testing.F) {
	entries, err := testdataFS.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		f.Add(readTestdata(f, e.Name()))
	}
	f.Add(vmsDoc(1))
	f.Add([]byte(`<vm id="1"><nics><nic><vlan id="x"/></nic></nics><link rel="nics" href="/n"/></vm>`))
	f.Add([]byte(`<vm><actions><link rel="start"/></actions><status>UP</status><memory>1</memory></vm>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		r := xmlstream.NewReaderBytes(doc)
		if _, err := r.Root(); err != nil {
			return
		}
		vm, err := ReadVm(r)
		if err != nil {
			if vm != nil {
				t.Fatal("value and error")
			}
			if _, ok := err.(*xmlstream.Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var out bytes.Buffer
		w := xmlstream.NewWriter(&out)
		WriteVm(w, "vm", vm)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r = xmlstream.NewReaderBytes(out.Bytes())
		if _, err := r.Root(); err != nil {
			t.Fatalf("%v in %q", err, out.Bytes())
		}
		if _, err := ReadVm(r); err != nil {
			t.Fatalf("%v in %q", err, out.Bytes())
		}
	})
}

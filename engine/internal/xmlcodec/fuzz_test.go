package xmlcodec

import (
	"bytes"
	"embed"
	"reflect"
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
		checkDecode(t, doc, ReadVm, func(w *xmlstream.Writer, vm *vmT) { WriteVm(w, "vm", vm) })
	})
}

// FuzzReadVms decodes arbitrary documents as a list of Vm, whose items from the second on are
// carved from the reader's struct slabs, with the checks of FuzzReadVm.
func FuzzReadVms(f *testing.F) {
	f.Add(vmsDoc(3))
	f.Add([]byte(`<vms><vm id="1"><nics><nic/><nic><vlan id="2"/></nic></nics></vm><vm><actions><link rel="a"/></actions></vm></vms>`))
	f.Add([]byte(`<vms><vm><os><boot><devices><device>hd</device><device>x</device></devices></boot></os></vm><vm/></vms>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkDecode(t, doc, ReadVms, func(w *xmlstream.Writer, vms []*vmT) { writeItems(w, "vms", "vm", vms, WriteVm) })
	})
}

// checkDecode reads doc with read: it must never panic, must return either a value or an
// *xmlstream.Error (never both), and whatever it decodes must write and read again.
func checkDecode[T any](t *testing.T, doc []byte, read func(*xmlstream.Reader) (T, error), write func(*xmlstream.Writer, T)) {
	r := xmlstream.NewReaderBytes(doc)
	if _, err := r.Root(); err != nil {
		return
	}
	v, err := read(r)
	if err != nil {
		if !reflect.ValueOf(v).IsNil() { // T is a pointer or a slice
			t.Fatal("value and error")
		}
		if _, ok := err.(*xmlstream.Error); !ok {
			t.Fatalf("error of type %T: %v", err, err)
		}
		return
	}
	var out bytes.Buffer
	w := xmlstream.NewWriter(&out)
	write(w, v)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r = xmlstream.NewReaderBytes(out.Bytes())
	if _, err := r.Root(); err != nil {
		t.Fatalf("%v in %q", err, out.Bytes())
	}
	if _, err := read(r); err != nil {
		t.Fatalf("%v in %q", err, out.Bytes())
	}
}

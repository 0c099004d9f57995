package xmlcodec

import (
	"unsafe"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
)

// Within a list, the decoders take what they allocate from the reader's per-type slabs
// (xmlstream.New and NewSlice): the structs of the items, their lists, action links and the
// bytes of collected hrefs. These are the slots of what is not a struct type of the model,
// after the struct types' (slotVm, ...).
const (
	slotLink     = numSlots + iota // types.Link of an <actions> block
	slotPointers                   // the []*T of struct lists and actions, as unsafe.Pointer
	slotStrings                    // the []E of enum lists, as string
	slotBytes                      // collected hrefs
)

// pointers returns a slice of k nil *T carved from the reader's slab of pointers: every *T has
// the layout of an unsafe.Pointer.
func pointers[T any](r *xmlstream.Reader, k int) []*T {
	p := xmlstream.NewSlice[unsafe.Pointer](r, slotPointers, k)
	return unsafe.Slice((**T)(unsafe.Pointer(unsafe.SliceData(p))), len(p))[:len(p):len(p)]
}

// carveString returns a string copy of b (not empty) carved from the reader's slab of bytes.
func carveString(r *xmlstream.Reader, b []byte) string {
	c := xmlstream.NewSlice[byte](r, slotBytes, len(b))
	copy(c, b)
	return unsafe.String(unsafe.SliceData(c), len(c))
}

// maxLocalItems is how many items of a list are collected on the stack before the list is
// carved at its final length.
const maxLocalItems = 16

// readItems reads the children named item of the current element with read.
// A wrapper without items gives a non-nil empty slice: set and empty.
func readItems[T any](r *xmlstream.Reader, item string, read func(*xmlstream.Reader) (*T, error)) ([]*T, error) {
	var local [maxLocalItems]*T
	items, err := collect(r, item, read, local[:0], true)
	if err != nil {
		return nil, err
	}
	out := pointers[T](r, len(items))
	copy(out, items)
	return out, nil
}

// readValues reads the children named item of the current element with read
// (primitive values); a wrapper without items gives a non-nil empty slice.
func readValues[E any](r *xmlstream.Reader, item string, read func(*xmlstream.Reader) (E, error)) ([]E, error) {
	var local [maxLocalItems]E
	items, err := collect(r, item, read, local[:0], false)
	if err != nil {
		return nil, err
	}
	return append(make([]E, 0, len(items)), items...), nil
}

// readEnums reads the children named item of the current element as enum
// values.
func readEnums[E ~string](r *xmlstream.Reader, item string, parse func([]byte) E) ([]E, error) {
	var local [maxLocalItems]E
	items, err := collect(r, item, func(r *xmlstream.Reader) (E, error) {
		b, err := r.Text()
		if err != nil {
			return "", err
		}
		return parse(b), nil
	}, local[:0], false)
	if err != nil {
		return nil, err
	}
	s := xmlstream.NewSlice[string](r, slotStrings, len(items))
	out := unsafe.Slice((*E)(unsafe.Pointer(unsafe.SliceData(s))), len(s))[:len(s):len(s)]
	copy(out, items)
	return out, nil
}

// collect appends to items the children named item of the current element, read with read,
// skipping other children. A list of structs (structs) reaching its second item makes the
// reader carve structs from its slabs from then on (xmlstream.Reader.CarveStructs): a single
// object, with its lists of one item and of values, allocates as before. Callers copy the
// result out of items, which may be on their stack.
func collect[E any](r *xmlstream.Reader, item string, read func(*xmlstream.Reader) (E, error), items []E, structs bool) ([]E, error) {
	for {
		name, ok, err := r.Child()
		if err != nil {
			return nil, err
		}
		if !ok {
			return items, nil
		}
		if string(name) != item {
			if err := r.Skip(); err != nil {
				return nil, err
			}
			continue
		}
		if structs && len(items) == 1 {
			r.CarveStructs()
		}
		v, err := read(r)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
	}
}

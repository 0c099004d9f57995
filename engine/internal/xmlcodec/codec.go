package xmlcodec

import (
	"fmt"
	"io"
	"iter"
	"strings"
	"unsafe"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// anyCodec is the untyped face of the functions of one struct type.
type anyCodec interface {
	names() (typeName, xmlName, xmlPlural string)
	readAny(r *xmlstream.Reader) (any, error)
	readListAny(r *xmlstream.Reader) (any, error)
	writeAny(w *xmlstream.Writer, tag string, v any) bool
}

// codec holds the generated functions of the struct type T.
type codec[T any] struct {
	typeName, xmlName, xmlPlural string
	read                         func(*xmlstream.Reader) (*T, error)
	write                        func(*xmlstream.Writer, string, *T)
}

func (c *codec[T]) names() (string, string, string) { return c.typeName, c.xmlName, c.xmlPlural }

func (c *codec[T]) readAny(r *xmlstream.Reader) (any, error) {
	v, err := c.read(r)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (c *codec[T]) readListAny(r *xmlstream.Reader) (any, error) {
	v, err := readItems(r, c.xmlName, c.read)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (c *codec[T]) writeAny(w *xmlstream.Writer, tag string, v any) bool {
	switch x := v.(type) {
	case *T:
		c.write(w, tag, x)
	case []*T:
		w.Begin(tag)
		for _, item := range x {
			c.write(w, c.xmlName, item)
		}
		w.End()
	default:
		return false
	}
	return true
}

// Read reads the current element of r as the struct type named typeName (the
// model's name, such as "Vm") and returns a pointer to it (*types.Vm).
func Read(typeName string, r *xmlstream.Reader) (any, error) {
	c := codecByName(typeName)
	if c == nil {
		return nil, fmt.Errorf("xmlcodec: no struct type %q", typeName)
	}
	return c.readAny(r)
}

// ReadList reads the current element of r as the plural wrapper of the
// struct type named typeName and returns its items ([]*types.Vm).
func ReadList(typeName string, r *xmlstream.Reader) (any, error) {
	c := codecByName(typeName)
	if c == nil {
		return nil, fmt.Errorf("xmlcodec: no struct type %q", typeName)
	}
	return c.readListAny(r)
}

// Write writes v, a *types.T of the struct type named typeName, as the
// element tag; a []*types.T is written as the element tag holding the items.
// A nil pointer writes nothing.
func Write(w *xmlstream.Writer, typeName, tag string, v any) error {
	c := codecByName(typeName)
	if c == nil {
		return fmt.Errorf("xmlcodec: no struct type %q", typeName)
	}
	if !c.writeAny(w, tag, v) {
		return fmt.Errorf("xmlcodec: cannot write %T as %s", v, typeName)
	}
	return nil
}

// IterList reads a plural document of T (such as <vms><vm/>...</vms> for
// types.Vm) from rd and yields its items one at a time, so that a long list
// is never held whole. An error is yielded once, with a nil item, and ends
// the iteration; a document cut short always ends with an error.
func IterList[T any](rd io.Reader) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		c, err := codecFor[T]()
		if err != nil {
			yield(nil, err)
			return
		}
		r := xmlstream.NewReader(rd)
		name, err := r.Root()
		if err != nil {
			yield(nil, err)
			return
		}
		if string(name) != c.xmlPlural {
			yield(nil, r.Errorf("expected <%s>, found <%s>", c.xmlPlural, name))
			return
		}
		for v, err := range iterItems(r, c) {
			if !yield(v, err) {
				return
			}
		}
	}
}

// Items yields the items of the plural wrapper that is the current element
// of r, one at a time, like IterList.
func Items[T any](r *xmlstream.Reader) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		c, err := codecFor[T]()
		if err != nil {
			yield(nil, err)
			return
		}
		for v, err := range iterItems(r, c) {
			if !yield(v, err) {
				return
			}
		}
	}
}

func iterItems[T any](r *xmlstream.Reader, c *codec[T]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for {
			name, ok, err := r.Child()
			if err != nil {
				yield(nil, err)
				return
			}
			if !ok {
				return
			}
			if string(name) != c.xmlName {
				if err := r.Skip(); err != nil {
					yield(nil, err)
					return
				}
				continue
			}
			v, err := c.read(r)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(v, nil) {
				return
			}
			r.CarveStructs() // from the second item on
		}
	}
}

func codecFor[T any]() (*codec[T], error) {
	if c, ok := codecOf((*T)(nil)).(*codec[T]); ok {
		return c, nil
	}
	var zero T
	return nil, fmt.Errorf("xmlcodec: %T is not a struct type of the model", zero)
}

// readEnum reads the text of the current element as an enum value.
func readEnum[E ~string](r *xmlstream.Reader, parse func([]byte) E) (*E, error) {
	b, err := r.Text()
	if err != nil {
		return nil, err
	}
	return enumPtr(r, parse(b)), nil
}

// enumPtr returns a pointer to v carved from the reader's string blocks. An
// enum type has string as its underlying type, so a *string and a *E point to
// the same memory layout.
func enumPtr[E ~string](r *xmlstream.Reader, v E) *E {
	return (*E)(unsafe.Pointer(r.StringPtrOf(string(v))))
}

// unknownEnum keeps an enum value the model does not list: trimmed of white
// space and lower-cased.
func unknownEnum(b []byte) string {
	return strings.ToLower(strings.TrimSpace(string(b)))
}

// readFollowed reads a followed list link (<nics><nic/>...</nics>) into
// (*dst).Items, keeping an href the wrapper or an earlier <link> gave.
func readFollowed[T any](r *xmlstream.Reader, dst **types.List[T], item string, read func(*xmlstream.Reader) (*T, error)) error {
	var href string
	a, hasHref := r.Attr("href")
	if hasHref {
		href = string(a)
	}
	items, err := readItems(r, item, read)
	if err != nil {
		return err
	}
	if *dst == nil {
		*dst = newList[T](r)
	}
	if hasHref {
		(*dst).Href = href
	}
	(*dst).Items = items
	return nil
}

// List links (<link rel="nics" href=".."/>) are not set as they are read:
// each is recorded on the reader's scratch stack as the index of its field,
// the length of its href (four bytes each, little endian) and the href, and
// when the object is complete its generated setLinks function sets them all
// from one string. An object's hrefs then cost one allocation, not one each.

// addLink records the <link> that is the current element if field knows its
// rel, and skips it.
func addLink(r *xmlstream.Reader, field func(rel []byte) int) error {
	rel, _ := r.Attr("rel")
	if href, ok := r.Attr("href"); ok {
		if f := field(rel); f >= 0 {
			sc := r.Scratch()
			n := len(href)
			*sc = append(append(*sc, byte(f), byte(f>>8), byte(f>>16), byte(f>>24),
				byte(n), byte(n>>8), byte(n>>16), byte(n>>24)), href...)
		}
	}
	return r.Skip()
}

// takeLinks returns the links recorded since the scratch stack had length
// mark as one string, and pops them.
func takeLinks(r *xmlstream.Reader, mark int) string {
	sc := r.Scratch()
	if len(*sc) <= mark {
		return ""
	}
	all := carveString(r, (*sc)[mark:])
	*sc = (*sc)[:mark]
	return all
}

// dropLinks pops the links recorded since mark, for an object whose reading
// failed.
func dropLinks(r *xmlstream.Reader, mark int) {
	if sc := r.Scratch(); len(*sc) > mark {
		*sc = (*sc)[:mark]
	}
}

// nextLink splits the first record off recorded links.
func nextLink(all string) (field int, href, rest string) {
	field = int(all[0]) | int(all[1])<<8 | int(all[2])<<16 | int(all[3])<<24
	n := int(all[4]) | int(all[5])<<8 | int(all[6])<<16 | int(all[7])<<24
	return field, all[8 : 8+n], all[8+n:]
}

// setHref sets the href of a list link.
func setHref[T any](r *xmlstream.Reader, dst **types.List[T], href string) {
	if *dst == nil {
		*dst = newList[T](r)
	}
	(*dst).Href = href
}

// readActions reads an <actions> block of <link rel=".." href=".."/>. The
// links and their hrefs are allocated together: a block costs one allocation
// for its hrefs and, within a list, a part of the struct slabs for its links
// (xmlstream.NewSlice), not a few allocations per link. Each link is recorded on the scratch stack
// as its rel and href, each after its length; the rels the model knows become
// constant strings, the hrefs strings over one block holding them all.
func readActions(r *xmlstream.Reader) ([]*types.Link, error) {
	sc := r.Scratch()
	mark := len(*sc)
	count, hrefBytes := 0, 0
	for {
		name, ok, err := r.Child()
		if err != nil {
			*sc = (*sc)[:mark]
			return nil, err
		}
		if !ok {
			break
		}
		if string(name) == "link" {
			rel, _ := r.Attr("rel")
			href, _ := r.Attr("href")
			*sc = appendRecord(appendRecord(*sc, rel), href)
			count++
			hrefBytes += len(href)
		}
		if err := r.Skip(); err != nil {
			*sc = (*sc)[:mark]
			return nil, err
		}
	}
	rec := (*sc)[mark:]
	hrefs := xmlstream.NewSlice[byte](r, slotBytes, hrefBytes)[:0]
	links := xmlstream.NewSlice[types.Link](r, slotLink, count)
	out := pointers[types.Link](r, count)
	at := 0
	for i := range links {
		rel, next := recordAt(rec, at)
		href, end := recordAt(rec, next)
		hrefs = append(hrefs, href...)
		// hrefs is written only here, each part once, and has the capacity of all of them.
		links[i] = types.Link{Rel: internRel(rel), Href: unsafe.String(unsafe.SliceData(hrefs[len(hrefs)-len(href):]), len(href))}
		out[i] = &links[i]
		at = end
	}
	*sc = (*sc)[:mark]
	return out, nil
}

// appendRecord appends b to the scratch stack after its length.
func appendRecord(sc, b []byte) []byte {
	n := len(b)
	return append(append(sc, byte(n), byte(n>>8), byte(n>>16), byte(n>>24)), b...)
}

// recordAt returns the record appendRecord wrote at offset at of rec, and the
// offset after it.
func recordAt(rec []byte, at int) (b []byte, next int) {
	n := int(rec[at]) | int(rec[at+1])<<8 | int(rec[at+2])<<16 | int(rec[at+3])<<24
	return rec[at+4 : at+4+n], at + 4 + n
}

// writeActions writes an <actions> block.
func writeActions(w *xmlstream.Writer, links []*types.Link) {
	w.Begin("actions")
	for _, l := range links {
		if l == nil {
			continue
		}
		w.Begin("link")
		w.Attr("href", l.Href)
		w.Attr("rel", l.Rel)
		w.End()
	}
	w.End()
}

// writeItems writes a list of structs inside its wrapper element.
func writeItems[T any](w *xmlstream.Writer, tag, item string, items []*T, write func(*xmlstream.Writer, string, *T)) {
	w.Begin(tag)
	for _, v := range items {
		write(w, item, v)
	}
	w.End()
}

// writeValues writes a list of primitive values inside its wrapper element.
func writeValues[E any](w *xmlstream.Writer, tag, item string, items []E, write func(*xmlstream.Writer, string, E)) {
	w.Begin(tag)
	for _, v := range items {
		write(w, item, v)
	}
	w.End()
}

// writeEnums writes a list of enum values inside its wrapper element.
func writeEnums[E ~string](w *xmlstream.Writer, tag, item string, items []E) {
	w.Begin(tag)
	for _, v := range items {
		w.Element(item, string(v))
	}
	w.End()
}

// writeListLink writes a list link: its items inside the wrapper when Items
// is set, else a <link rel=".." href=".."/> when Href is set.
func writeListLink[T any](w *xmlstream.Writer, tag, item, rel string, l *types.List[T], write func(*xmlstream.Writer, string, *T)) {
	switch {
	case l.Items != nil:
		w.Begin(tag)
		if l.Href != "" {
			w.Attr("href", l.Href)
		}
		for _, v := range l.Items {
			write(w, item, v)
		}
		w.End()
	case l.Href != "":
		w.Begin("link")
		w.Attr("href", l.Href)
		w.Attr("rel", rel)
		w.End()
	}
}

// idInt64 parses an integer id attribute.
func idInt64(r *xmlstream.Reader, a []byte) (*int64, error) {
	n, ok := xmlstream.ParseInt64(a)
	if !ok {
		return nil, r.Errorf("invalid integer %q in attribute id", a)
	}
	return r.Int64Ptr(n), nil
}

// newList returns a zero list carved from r's slab of list headers: a VM has a score of list
// links, and allocating each header on its own dominated decoding. Every types.List[T] has the
// layout of xmlstream.ListShape (TestListShape checks it).
func newList[T any](r *xmlstream.Reader) *types.List[T] {
	return (*types.List[T])(unsafe.Pointer(r.ListShape()))
}

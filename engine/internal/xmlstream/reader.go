package xmlstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

const (
	initialBufSize = 64 << 10 // first buffer of a streaming reader
	minFree        = 16 << 10 // grow the buffer when less room is left for a Read
	maxDepth       = 4096     // deeper nesting is rejected
	maxReadRetries = 100      // Read calls returning 0, nil before io.ErrNoProgress
)

// attr is one attribute of the current start element. The name is
// buf[ns:ne]; the value is buf[vs:ve], or attrBuf[vs:ve] when it had to be
// decoded.
type attr struct {
	ns, ne, vs, ve int
	dec            bool
}

// frame is one level of the element path: the name of the element open (or
// last closed) at that depth and its 1-based position among consecutive
// same-named siblings (0: no sibling seen yet).
type frame struct {
	name []byte
	n    int
}

// Reader is a streaming XML pull parser. See the package documentation.
type Reader struct {
	rd   io.Reader
	buf  []byte // buf[:len(buf)] holds input not yet dropped
	pos  int    // scan position in buf
	mark int    // buf[mark:] must survive the next refill
	base int64  // input offset of buf[0]
	rerr error  // error of the last Read (io.EOF at the end)

	lines     int   // newlines in dropped input
	lineStart int64 // input offset just after the last dropped newline

	nameS   int // name of the start tag just scanned: buf[nameS:nameE]
	nameE   int
	attrs   []attr // attributes of the current start element
	attrBuf []byte // decoded attribute values
	scratch []byte // decoded text
	empty   bool   // the current element was self-closing: its end is implied
	depth   int    // number of open elements
	frames  []frame
	started bool // Root was called

	tok       int64 // input offset of the last token returned, for Errorf
	pathDepth int   // depth of the element the last call was about, for Errorf
	err       error // sticky error

	slabs    slabs
	typed    []typedSlab // New, NewSlice: by the caller's slot
	carving  bool        // CarveStructs was called
	stack    []byte      // Scratch
	maxToken int         // SetMaxToken
}

// DefaultMaxToken is the longest token a streaming Reader accepts unless
// SetMaxToken says otherwise.
const DefaultMaxToken = 16 << 20

// ErrTokenTooLarge is the Err of the *Error returned for a token longer than
// the Reader's limit.
var ErrTokenTooLarge = errors.New("xmlstream: token too large")

// SetMaxToken limits the length of one token (a tag with its attributes, a
// text, a comment) that a streaming Reader holds in memory; n <= 0 means
// DefaultMaxToken. A longer token fails with an *Error whose Err is
// ErrTokenTooLarge. A Reader over bytes holds its whole input already and
// is not limited.
func (r *Reader) SetMaxToken(n int) {
	if n <= 0 {
		n = DefaultMaxToken
	}
	r.maxToken = n
}

// tooLong fails when the token being read, of n bytes, is over the limit.
func (r *Reader) tooLong(n int) bool {
	if n <= r.maxToken {
		return false
	}
	r.fail(r.mark, r.depth, "a single token (text, tag or attribute value) is longer than the limit of "+
		FormatSize(int64(r.maxToken)), ErrTokenTooLarge)
	return true
}

// FormatSize formats a byte count for a message: in KiB, MiB or GiB when it
// is a whole number of them.
func FormatSize(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// NewReader returns a Reader that reads from rd as bytes arrive.
func NewReader(rd io.Reader) *Reader {
	return &Reader{
		rd:       rd,
		buf:      make([]byte, 0, initialBufSize),
		frames:   make([]frame, 1, 16),
		maxToken: DefaultMaxToken,
	}
}

// NewReaderBuffer returns a Reader that reads from rd into buf: buf[:len(buf)]
// holds the first bytes of the input, already read from rd, and the rest of
// its capacity is free for more. Pooled buffers can so serve many readers:
// once the Reader is no longer used, Buffer returns the buffer it holds.
func NewReaderBuffer(rd io.Reader, buf []byte) *Reader {
	r := NewReaderBytes(buf)
	r.buf = buf
	r.rd, r.rerr = rd, nil
	r.maxToken = DefaultMaxToken
	return r
}

// Buffer returns the buffer the Reader reads into: the one given to
// NewReaderBuffer, or a larger one that replaced it for a long token.
func (r *Reader) Buffer() []byte { return r.buf[:0] }

// NewReaderBytes returns a Reader over b. The Reader never modifies b, and
// slices it returns may point into b.
func NewReaderBytes(b []byte) *Reader {
	return &Reader{
		buf:    b[:len(b):len(b)],
		rerr:   io.EOF,
		frames: make([]frame, 1, 16),
	}
}

// Scratch returns a byte buffer the Reader keeps for its callers, such as
// decoders collecting the values of the object being read so that they can
// be allocated together. Use it as a stack: note its length on entry, append,
// and cut it back to that length when done; nested users then never see each
// other's bytes.
func (r *Reader) Scratch() *[]byte { return &r.stack }

// InputOffset returns the input offset of the next byte to be parsed.
func (r *Reader) InputOffset() int64 { return r.base + int64(r.pos) }

// Depth returns the number of open elements.
func (r *Reader) Depth() int { return r.depth }

var errBadRead = errors.New("xmlstream: io.Reader returned an invalid count")

// more drops buf[:mark], then reads more input. pos and mark move with the
// data. It reports whether new bytes arrived.
func (r *Reader) more() bool {
	if r.rerr != nil || r.err != nil || r.tooLong(len(r.buf)-r.mark) {
		return false
	}
	if keep := r.mark; keep > 0 {
		dropped := r.buf[:keep]
		r.lines += bytes.Count(dropped, nl)
		if j := bytes.LastIndexByte(dropped, '\n'); j >= 0 {
			r.lineStart = r.base + int64(j) + 1
		}
		n := copy(r.buf, r.buf[keep:])
		r.buf = r.buf[:n]
		r.base += int64(keep)
		r.pos -= keep
		r.mark = 0
	}
	if cap(r.buf)-len(r.buf) < minFree {
		nb := make([]byte, len(r.buf), 2*cap(r.buf)+minFree)
		copy(nb, r.buf)
		r.buf = nb
	}
	for range maxReadRetries {
		room := r.buf[len(r.buf):cap(r.buf)]
		n, err := r.rd.Read(room)
		if n < 0 || n > len(room) {
			r.rerr = errBadRead
			return false
		}
		r.buf = r.buf[:len(r.buf)+n]
		if err != nil {
			r.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	r.rerr = io.ErrNoProgress
	return false
}

// ensure makes n bytes from pos available, keeping buf[mark:].
func (r *Reader) ensure(n int) bool {
	for len(r.buf)-r.pos < n {
		if !r.more() {
			return false
		}
	}
	return true
}

// Root advances to the start tag of the document element, skipping a byte
// order mark, the XML declaration, comments, processing instructions and a
// DOCTYPE declaration, and returns its name.
func (r *Reader) Root() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.started {
		return nil, r.fail(r.pos, r.depth, "Root called twice", nil)
	}
	r.started = true
	if r.ensure(3) || len(r.buf) >= 3 {
		if bytes.HasPrefix(r.buf[r.pos:], bom) {
			r.pos += len(bom)
		}
	}
	declAt := r.base + int64(r.pos) // where an XML declaration may stand
	for {
		if !r.skipSpace() {
			if r.rerr != io.EOF {
				return nil, r.failEOF("before the root element")
			}
			return nil, r.fail(r.pos, 0, "no root element", nil)
		}
		if r.buf[r.pos] != '<' {
			return nil, r.fail(r.pos, 0, "text before the root element", nil)
		}
		if !r.ensure(2) {
			return nil, r.failEOF("before the root element")
		}
		switch r.buf[r.pos+1] {
		case '?':
			if r.base+int64(r.pos) == declAt && r.ensure(len(xmlDeclStart)+1) &&
				bytes.HasPrefix(r.buf[r.pos:], xmlDeclStart) {
				if c := r.buf[r.pos+len(xmlDeclStart)]; isSpace[c] || c == '?' {
					if err := r.xmlDecl(); err != nil {
						return nil, err
					}
					continue
				}
			}
			if err := r.skipUntil(piEnd, 2, "in a processing instruction"); err != nil {
				return nil, err
			}
		case '!':
			if err := r.bang(); err != nil {
				return nil, err
			}
		case '/':
			return nil, r.fail(r.pos, 0, "end tag before the root element", nil)
		default:
			r.tok = r.base + int64(r.pos)
			if err := r.startTag(); err != nil {
				return nil, err
			}
			r.pathDepth = r.depth
			return r.frames[r.depth].name, nil
		}
	}
}

// skipSpace skips white space outside the root element, reading more input
// as needed, and reports whether any input is left.
func (r *Reader) skipSpace() bool {
	for {
		for r.pos < len(r.buf) && isSpace[r.buf[r.pos]] {
			r.pos++
		}
		r.mark = r.pos
		if r.pos < len(r.buf) {
			return true
		}
		if !r.more() {
			return false
		}
	}
}

// Child advances to the next child element of the current element and
// returns its name; that child becomes the current element. Character data,
// comments and processing instructions between children are skipped. When
// the current element's end tag comes first it is consumed, its parent
// becomes the current element and ok is false.
func (r *Reader) Child() (name []byte, ok bool, err error) {
	if r.err != nil {
		return nil, false, r.err
	}
	r.attrs = r.attrs[:0]
	if r.depth == 0 {
		if !r.started {
			return nil, false, r.fail(r.pos, 0, "Child called before Root", nil)
		}
		return nil, false, nil
	}
	if r.empty {
		r.empty = false
		r.depth--
		r.pathDepth = r.depth + 1
		return nil, false, r.closed()
	}
	start, err := r.next()
	if err != nil {
		return nil, false, err
	}
	if start {
		r.pathDepth = r.depth
		return r.frames[r.depth].name, true, nil
	}
	r.pathDepth = r.depth + 1
	return nil, false, nil
}

// Skip consumes the rest of the current element, its end tag included; its
// parent becomes the current element. Skipped content is still checked for
// well-formedness.
func (r *Reader) Skip() error {
	if r.err != nil {
		return r.err
	}
	r.attrs = r.attrs[:0]
	if r.depth == 0 {
		return nil
	}
	target := r.depth
	r.pathDepth = target
	if r.empty {
		r.empty = false
		r.depth--
		return r.closed()
	}
	for {
		start, err := r.next()
		if err != nil {
			return err
		}
		if start {
			if r.empty {
				r.empty = false
				r.depth--
			}
		} else if r.depth < target {
			return nil
		}
	}
}

// Attr returns the value of the named attribute of the current start
// element, with entities and character references decoded. It is valid until
// the next Root, Child, Text or Skip call.
func (r *Reader) Attr(name string) ([]byte, bool) {
	for i := range r.attrs {
		a := &r.attrs[i]
		if string(r.buf[a.ns:a.ne]) == name {
			if a.dec {
				return r.attrBuf[a.vs:a.ve:a.ve], true
			}
			return r.buf[a.vs:a.ve:a.ve], true
		}
	}
	return nil, false
}

// AttrCount returns the number of attributes of the current start element.
func (r *Reader) AttrCount() int { return len(r.attrs) }

// AttrAt returns the name and value of the i-th attribute of the current
// start element, 0 <= i < AttrCount(), with the lifetime of Attr results.
func (r *Reader) AttrAt(i int) (name, value []byte) {
	a := &r.attrs[i]
	name = r.buf[a.ns:a.ne:a.ne]
	if a.dec {
		return name, r.attrBuf[a.vs:a.ve:a.ve]
	}
	return name, r.buf[a.vs:a.ve:a.ve]
}

// next moves to the next start or end tag within the current element,
// skipping character data, comments, processing instructions and CDATA. A
// start tag is pushed; an end tag is checked against the current element and
// popped.
func (r *Reader) next() (start bool, err error) {
	for {
		b := r.buf
		i := skipSpace(b, r.pos)
		if i < len(b) && b[i] != '<' {
			// Text between elements is skipped, but checked.
			t := i
			if j := bytes.IndexByte(b[i:], '<'); j >= 0 {
				i += j
			} else {
				i = runeCut(b, i)
			}
			if err := r.checkChars(b[t:i], t, "text"); err != nil {
				return false, err
			}
		}
		r.pos, r.mark = i, i
		if i+1 >= len(b) || b[i] != '<' {
			if !r.more() {
				return false, r.failEOF("inside an element")
			}
			continue
		}
		switch b[i+1] {
		case '/':
			n, err := r.endTag()
			if err != nil {
				return false, err
			}
			r.pos += n
			r.depth--
			return false, r.closed()
		case '!':
			if err := r.bang(); err != nil {
				return false, err
			}
		case '?':
			if err := r.skipUntil(piEnd, 2, "in a processing instruction"); err != nil {
				return false, err
			}
		default:
			r.tok = r.base + int64(i)
			return true, r.startTag()
		}
	}
}

// startTag parses the start tag at pos and pushes it.
//
// The tag is scanned only once a '>' is buffered after the part already
// searched, and after a scan that ran out of input (the '>' was inside an
// attribute value) only once the buffered tag has doubled, so that input
// arriving in small pieces never makes the scanning of a long tag quadratic.
func (r *Reader) startTag() error {
	// Usually the whole tag is buffered: scan it right away.
	ok, err := r.scanStart()
	if err != nil {
		return err
	}
	if ok {
		return r.push(r.buf[r.nameS:r.nameE])
	}
	seen := len(r.buf) - r.pos // bytes after pos searched for '>'
	need := 2 * seen           // bytes wanted before scanning again
	for {
		if len(r.buf)-r.pos >= need {
			if bytes.IndexByte(r.buf[r.pos+seen:], '>') >= 0 {
				ok, err := r.scanStart()
				if err != nil {
					return err
				}
				if ok {
					return r.push(r.buf[r.nameS:r.nameE])
				}
				need = 2 * (len(r.buf) - r.pos)
			}
			seen = len(r.buf) - r.pos
		}
		if !r.more() {
			// All input is buffered: scan as reading from memory would.
			ok, err := r.scanStart()
			if err != nil {
				return err
			}
			if ok {
				return r.push(r.buf[r.nameS:r.nameE])
			}
			return r.failEOF("in a start tag")
		}
	}
}

func (r *Reader) push(name []byte) error {
	d := r.depth + 1
	if d > maxDepth {
		return r.fail(r.pos, r.depth, fmt.Sprintf("elements nested deeper than %d", maxDepth), nil)
	}
	if d == len(r.frames) {
		r.frames = append(r.frames, frame{})
	}
	f := &r.frames[d]
	if f.n > 0 && bytes.Equal(f.name, name) {
		f.n++
	} else {
		f.name = append(f.name[:0], name...)
		f.n = 1
	}
	if d+1 < len(r.frames) {
		r.frames[d+1].n = 0
	}
	r.depth = d
	return nil
}

// endTag checks the end tag at pos ("</") against the current element and
// returns its length. pos is not moved (the buffer may be).
func (r *Reader) endTag() (int, error) {
	want := r.frames[r.depth].name
	if rest := r.buf[r.pos+2:]; len(rest) > len(want) && rest[len(want)] == '>' && string(rest[:len(want)]) == string(want) {
		return len(want) + 3, nil
	}
	seen := 2 // bytes after pos known to hold no '>'
	for {
		j := bytes.IndexByte(r.buf[r.pos+seen:], '>')
		if j >= 0 {
			seen += j
			break
		}
		seen = len(r.buf) - r.pos
		if !r.more() {
			return 0, r.failEOF("in an end tag")
		}
	}
	j := seen - 2
	name := r.buf[r.pos+2 : r.pos+2+j]
	for len(name) > 0 && isSpace[name[len(name)-1]] {
		name = name[:len(name)-1]
	}
	if !bytes.Equal(name, want) {
		return 0, r.fail(r.pos, r.depth, fmt.Sprintf("end tag </%s> does not match <%s>", name, want), nil)
	}
	return j + 3, nil
}

// bang skips the comment, CDATA section (inside elements) or DOCTYPE
// declaration (before the root) at pos ("<!").
func (r *Reader) bang() error {
	if !r.ensure(4) {
		return r.failEOF("in markup")
	}
	if r.buf[r.pos+2] == '-' && r.buf[r.pos+3] == '-' {
		return r.skipUntil(commentEnd, 4, "in a comment")
	}
	complete := r.ensure(len(cdataStart))
	rest := r.buf[r.pos:]
	if !complete {
		if bytes.HasPrefix(cdataStart, rest) || bytes.HasPrefix(doctype, rest) {
			return r.failEOF("in markup")
		}
		return r.fail(r.pos, r.depth, "invalid markup after '<!'", nil)
	}
	switch {
	case bytes.HasPrefix(rest, cdataStart) && r.depth > 0:
		return r.skipUntil(cdataEnd, len(cdataStart), "in a CDATA section")
	case bytes.HasPrefix(rest, doctype) && r.depth == 0:
		return r.skipDoctype()
	}
	return r.fail(r.pos, r.depth, "invalid markup after '<!'", nil)
}

// xmlDecl reads the XML declaration at pos ("<?xml") and checks the
// encoding it declares: the reader handles UTF-8 (and so its subset
// US-ASCII) only, and reading any other encoding as UTF-8 would garble
// every non-ASCII character.
func (r *Reader) xmlDecl() error {
	// Root set mark to pos: the declaration stays buffered while more is read.
	seen := len(xmlDeclStart) // bytes after pos searched for "?>"
	end := -1
	for {
		if j := bytes.Index(r.buf[r.pos+seen:], piEnd); j >= 0 {
			end = r.pos + seen + j
			break
		}
		if n := len(r.buf) - r.pos - (len(piEnd) - 1); n > seen {
			seen = n // the last byte may start "?>"
		}
		if !r.more() {
			return r.failEOF("in the XML declaration")
		}
	}
	b := r.buf
	i := r.pos + len(xmlDeclStart)
	for {
		for i < end && isSpace[b[i]] {
			i++
		}
		if i == end {
			break
		}
		ns := i
		for i < end && !isSpace[b[i]] && b[i] != '=' {
			i++
		}
		name := b[ns:i]
		for i < end && isSpace[b[i]] {
			i++
		}
		if i == end || b[i] != '=' {
			return r.fail(i, 0, fmt.Sprintf("expected '=' after %s in the XML declaration", name), nil)
		}
		i++
		for i < end && isSpace[b[i]] {
			i++
		}
		if i == end || (b[i] != '"' && b[i] != '\'') {
			return r.fail(i, 0, fmt.Sprintf("value of %s is not quoted in the XML declaration", name), nil)
		}
		q := b[i]
		vs := i + 1
		j := bytes.IndexByte(b[vs:end], q)
		if j < 0 {
			return r.fail(i, 0, fmt.Sprintf("unterminated value of %s in the XML declaration", name), nil)
		}
		i = vs + j + 1
		if string(name) != "encoding" {
			continue
		}
		enc := b[vs : vs+j]
		switch {
		case !isEncName(enc):
			return r.fail(vs, 0, fmt.Sprintf("invalid encoding name %.40q in the XML declaration", enc), nil)
		case !bytes.EqualFold(enc, []byte("UTF-8")) && !bytes.EqualFold(enc, []byte("US-ASCII")):
			return r.fail(vs, 0, fmt.Sprintf("unsupported encoding %s; the oVirt API sends UTF-8", enc), nil)
		}
	}
	r.pos = end + len(piEnd)
	return nil
}

// isEncName reports whether b is an encoding name as XML 1.0 defines it:
// [A-Za-z] ([A-Za-z0-9._] | '-')*.
func isEncName(b []byte) bool {
	if len(b) == 0 || len(b) > 64 {
		return false
	}
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// skipUntil skips from pos+skip past the next occurrence of term.
func (r *Reader) skipUntil(term []byte, skip int, what string) error {
	r.pos += skip
	for {
		if j := bytes.Index(r.buf[r.pos:], term); j >= 0 {
			r.pos += j + len(term)
			return nil
		}
		// The last bytes may start the terminator: keep them.
		if k := len(r.buf) - (len(term) - 1); k > r.pos {
			r.pos = k
		}
		r.mark = r.pos
		if !r.more() {
			return r.failEOF(what)
		}
	}
}

// skipDoctype skips a DOCTYPE declaration, internal subset included.
func (r *Reader) skipDoctype() error {
	r.pos += len(doctype)
	nest := 0
	var quote byte
	for {
		b := r.buf
		for i := r.pos; i < len(b); i++ {
			c := b[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '[':
				nest++
			case c == ']':
				if nest > 0 {
					nest--
				}
			case c == '>' && nest == 0:
				r.pos = i + 1
				return nil
			}
		}
		r.pos, r.mark = len(b), len(b)
		if !r.more() {
			return r.failEOF("in the DOCTYPE declaration")
		}
	}
}

var (
	bom          = []byte("\xef\xbb\xbf")
	piEnd        = []byte("?>")
	xmlDeclStart = []byte("<?xml")
	commentEnd   = []byte("-->")
	cdataStart   = []byte("<![CDATA[")
	cdataEnd     = []byte("]]>")
	doctype      = []byte("<!DOCTYPE")
)

package engine

import (
	"bytes"
	"io"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// readFault reads the <fault> that is the current element of r.
func readFault(r *xmlstream.Reader) (*types.Fault, error) { return xmlcodec.ReadFault(r) }

// readActionFault reads the <action> that is the current element of r and returns its <fault>,
// or nil when it has none.
func readActionFault(r *xmlstream.Reader) (*types.Fault, error) {
	a, err := xmlcodec.ReadAction(r)
	if err != nil {
		return nil, err
	}
	return a.Fault, nil
}

// newReaderBuffer is a streaming reader of a response body whose first bytes are in head (a
// pooled buffer, read on into its free capacity), with the token limit of the options.
func (c *Connection) newReaderBuffer(rd io.Reader, head []byte) *xmlstream.Reader {
	r := xmlstream.NewReaderBuffer(rd, head)
	r.SetMaxToken(c.opts.Limits.MaxToken)
	return r
}

// writers pools the XML writers of request bodies (each holds a 48 KiB buffer).
var writers = sync.Pool{New: func() any { return xmlstream.NewWriter(nil) }}

// encode writes a request body with a pooled writer.
func encode(body func(w *xmlstream.Writer)) ([]byte, error) {
	var buf bytes.Buffer
	w := writers.Get().(*xmlstream.Writer)
	w.Reset(&buf)
	body(w)
	err := w.Close()
	w.Reset(nil)
	writers.Put(w)
	return buf.Bytes(), err
}

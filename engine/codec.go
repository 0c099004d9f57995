package engine

import (
	"io"

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

// newReader is a streaming reader of a response body, with the token limit of the options.
func (c *Connection) newReader(rd io.Reader) *xmlstream.Reader {
	r := xmlstream.NewReader(rd)
	r.SetMaxToken(c.opts.Limits.MaxToken)
	return r
}

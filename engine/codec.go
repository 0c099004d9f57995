package engine

import (
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// faultValue is the reason and detail of a <fault>.
type faultValue struct{ reason, detail string }

func newFaultValue(f *types.Fault) *faultValue {
	v := &faultValue{}
	if f.Reason != nil {
		v.reason = *f.Reason
	}
	if f.Detail != nil {
		v.detail = *f.Detail
	}
	return v
}

// readFault reads the <fault> that is the current element of r.
func readFault(r *xmlstream.Reader) (*faultValue, error) {
	f, err := xmlcodec.ReadFault(r)
	if err != nil {
		return nil, err
	}
	return newFaultValue(f), nil
}

// readActionFault reads the <action> that is the current element of r and returns its <fault>,
// or nil when it has none.
func readActionFault(r *xmlstream.Reader) (*faultValue, error) {
	a, err := xmlcodec.ReadAction(r)
	if err != nil || a.Fault == nil {
		return nil, err
	}
	return newFaultValue(a.Fault), nil
}

// readAction reads the <action> that is the current element of r (the decode of action calls).
func readAction(r *xmlstream.Reader) (*types.Action, error) {
	return xmlcodec.ReadAction(r)
}

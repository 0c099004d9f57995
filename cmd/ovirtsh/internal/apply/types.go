package apply

import "github.com/ovirtsh/ovirtsh/engine/ensure"

// The shapes of engine/ensure that apply works with.
type (
	Spec     = ensure.Spec
	Resource = ensure.Resource
	Options  = ensure.Options
	Change   = ensure.Change
	Result   = ensure.Result
	Ref      = ensure.Ref
)

package apply

import (
	"context"
	"time"
)

// Until engine/ensure is merged: the shapes of its API (brief ensure.md).

type Spec = map[string]any

type Resource struct {
	Kind string
	Spec Spec
}

type Options struct {
	Check   bool
	Timeout time.Duration
}

type Change struct {
	From, To any
	NextRun  bool
}

type Result struct {
	Kind, Name string
	Changed    bool
	Op         string
	Diff       map[string]Change
	Actions    []string
	Object     any
}

type Ref struct{ Kind, Name string }

var _ = context.Background

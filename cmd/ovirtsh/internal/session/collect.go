package session

import "github.com/ovirtsh/ovirtsh/engine/ensure"

// CollectEnsures makes ovirt.ensure.<kind>{...} hand each declaration to fn instead of running
// it (ovirtsh apply collects a site this way before planning it); nil restores running.
func (s *Session) CollectEnsures(fn func(ensure.Resource) error) { s.rt.CollectEnsures(fn) }

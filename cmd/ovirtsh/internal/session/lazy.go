package session

import (
	"context"
	"errors"

	"github.com/ovirtsh/ovirtsh/engine"
)

// connect opens the connection for the stand-ins conn and system (luabind's SetGlobals makes
// them), keeping it for Close.
func (s *Session) connect(ctx context.Context) (*engine.Connection, error) {
	if s.opts.Connect == nil {
		return nil, errors.New("no engine is configured")
	}
	c, err := s.opts.Connect(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.conn = c
	s.mu.Unlock()
	return c, nil
}

// Connection returns the connection once a chunk has opened it, else nil. Unlike the rest of
// the session, it may be called from any goroutine (completion fetches names in the
// background with it).
func (s *Session) Connection() *engine.Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn
}

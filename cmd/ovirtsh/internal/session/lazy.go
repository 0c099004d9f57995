package session

import (
	"context"
	"errors"
)

// installProxies sets conn and system to stand-ins (luabind's Runtime.Lazy) that connect on
// first use, so `conn:system_service()` just works and printing them does not connect.
func (s *Session) installProxies() {
	s.connProxy = s.rt.Lazy("conn", func() string {
		return "connection to " + s.opts.Target + " (opened on first use)"
	}, s.resolveConn)
	s.sysProxy = s.rt.Lazy("system", func() string {
		return "system service of " + s.opts.Target + " (connects on first use)"
	}, s.resolveSystem)
	s.rt.SetGlobal("conn", s.connProxy)
	s.rt.SetGlobal("system", s.sysProxy)
}

// resolveConn opens the connection.
func (s *Session) resolveConn(ctx context.Context) (Value, error) {
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
	return s.rt.ToLua(c), nil
}

// resolveSystem returns conn:system_service(), connecting first if needed.
func (s *Session) resolveSystem(ctx context.Context) (Value, error) {
	c, err := s.rt.Resolve(ctx, s.connProxy)
	if err != nil {
		return nil, err
	}
	vals, err := s.rt.CallMethod(ctx, c, "system_service")
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

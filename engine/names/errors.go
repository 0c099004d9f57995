package names

import (
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// ErrorKind classifies an *Error.
type ErrorKind uint8

// The kinds of Error.
const (
	// KindNotFound: no entity has the name (or the id) in the collection.
	KindNotFound ErrorKind = iota + 1
	// KindAmbiguous: several entities have the name; Names holds their ids.
	KindAmbiguous
	// KindBadPath: the path is malformed or names no collection; found before any request.
	KindBadPath
)

// Error is a failed resolution of a name or a path.
type Error struct {
	Kind ErrorKind
	Msg  string
	// Names holds the closest existing names (KindNotFound), the ids of the entities sharing the
	// name (KindAmbiguous) or the closest collection names (KindBadPath).
	Names []string
	Err   error // the cause, if any (the engine's 404 for a missing id)
}

// Error returns the message, with "did you mean" for the closest names of a missing one.
func (e *Error) Error() string {
	if e.Kind == KindAmbiguous {
		return e.Msg
	}
	return e.Msg + suggest.DidYouMean(e.Names)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func badPath(format string, args ...any) *Error {
	return &Error{Kind: KindBadPath, Msg: fmt.Sprintf(format, args...)}
}

// nearest returns the (up to three) candidates closest to name.
func nearest(name string, candidates []string) []string { return suggest.Nearest(name, candidates, 3) }

// acronyms are the words of type names that people write in capitals.
var acronyms = map[string]bool{"vm": true, "vms": true, "nic": true, "vnic": true, "cpu": true, "qos": true,
	"lun": true, "mac": true, "numa": true, "iscsi": true, "os": true, "ip": true, "ssh": true, "usb": true,
	"iso": true, "ovf": true, "ova": true, "sso": true, "url": true, "dns": true, "gpu": true}

// Label is the name of a type as people say it: "VM", "data center", "storage domain", "NIC".
func Label(t *types.TypeInfo) string {
	words := strings.Split(t.SnakeName, "_")
	for i, w := range words {
		if acronyms[w] {
			words[i] = strings.ToUpper(w)
		}
	}
	return strings.Join(words, " ")
}

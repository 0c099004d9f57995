package session

import (
	"fmt"
	"io"
	"strings"

	"github.com/ovirtsh/ovirtsh/luabind"
)

// PrintResults writes the values a chunk returned: as JSON (Runtime.JSON, what ovirt.to_json
// gives, one document per value) with Options.JSON, else as text: scalars on one line separated
// by tabs, lists of API objects as an aligned table (Runtime.Table), other tables and objects in
// their nested form (Runtime.Format). Text shows control characters as escapes
// (luabind.Printable), so a value from the engine cannot drive the terminal.
func (s *Session) PrintResults(vals []Value) error {
	if len(vals) == 0 {
		return nil
	}
	w := s.opts.Stdout
	if s.opts.JSON {
		for _, v := range vals {
			doc, err := s.rt.JSON(v, 2)
			if err != nil {
				return err
			}
			fmt.Fprintln(w, strings.TrimSuffix(doc, "\n"))
		}
		return nil
	}
	var scalars []string
	flush := func() {
		if len(scalars) > 0 {
			fmt.Fprintln(w, strings.Join(scalars, "\t"))
			scalars = nil
		}
	}
	for _, v := range vals {
		if isScalar(v) {
			scalars = append(scalars, luabind.Printable(s.rt.Tostring(v), true))
			continue
		}
		flush()
		if err := s.printValue(w, v); err != nil {
			return err
		}
	}
	flush()
	return nil
}

// printValue prints a table or userdata: lists of API objects as a table, the rest in the
// nested form; values the binding does not know (connections, services...) with tostring.
func (s *Session) printValue(w io.Writer, v Value) error {
	if s.isProxy(v) {
		_, err := fmt.Fprintln(w, luabind.Printable(s.rt.Tostring(v), true))
		return err
	}
	text := ""
	if s.rt.IsList(v) {
		var err error
		if text, err = s.rt.Table(v); err != nil {
			return err
		}
	} else {
		text = s.rt.Format(v)
	}
	_, err := io.WriteString(w, strings.TrimSuffix(text, "\n")+"\n")
	return err
}

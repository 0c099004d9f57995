package session

import (
	"fmt"
	"io"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// format is the printer of results: Options.Format, else json with Options.JSON, else "" (the
// text form below).
func (s *Session) format() output.Format {
	if s.opts.Format != "" {
		return s.opts.Format
	}
	if s.opts.JSON {
		return output.JSON
	}
	return ""
}

// PrintResults writes the values a chunk returned. With a format (Options.Format, or
// Options.JSON for json) each value goes through engine/output in that format: typed JSON (one
// document per value), the engine's JSON, CSV or tables. Without, as text: scalars on one line
// separated by tabs, lists of API objects as an aligned table (Runtime.Table), other tables and
// objects in their nested form (Runtime.Format). Text shows control characters as escapes
// (output.Printable), so a value from the engine cannot drive the terminal.
func (s *Session) PrintResults(vals []Value) error {
	if len(vals) == 0 {
		return nil
	}
	w := s.opts.Stdout
	if f := s.format(); f != "" {
		for _, v := range vals {
			x, err := s.rt.Export(v, f == output.JSON || f == output.APIJSON)
			if err != nil {
				return err
			}
			if err := output.Write(w, x, output.Options{Format: f}); err != nil {
				return err
			}
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

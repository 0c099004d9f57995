package verbs

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// format is -o, else Env.Output, else table on a terminal or with --columns, and json
// elsewhere. --columns with api-json is a usage error: it prints the engine's whole objects.
func (x *exec_) format() (output.Format, error) {
	_, columns := x.cmd.opts["columns"]
	f := x.cmd.opts["o"]
	if f == "" {
		f = x.env.Output
	}
	if f == "" {
		if x.env.IsTTY || columns {
			return output.Table, nil
		}
		return output.JSON, nil
	}
	of, err := output.ParseFormat(f)
	if err != nil {
		return "", usagef("-o: %v", err)
	}
	if columns && of == output.APIJSON {
		return "", usagef("--columns: -o api-json prints the engine's whole objects; columns are for -o table, csv and json")
	}
	return of, nil
}

// print writes a result through engine/output, with --columns; a string (a console file) is
// written as it is.
func (x *exec_) print(v any) error {
	f, err := x.format()
	if err != nil {
		return err
	}
	if s, ok := v.(string); ok {
		_, err := fmt.Fprintln(x.env.Stdout, s)
		return err
	}
	o := output.Options{Format: f}
	if c, ok := x.cmd.opts["columns"]; ok {
		o.Columns = splitList(c)
	}
	if err := output.Write(x.env.Stdout, v, o); err != nil {
		if isEngine(err) {
			return err
		}
		return usagef("%v", err) // an unknown column, named with the closest members
	}
	return nil
}

// refFollow is the follow parameter that makes the references a table or csv shows carry their
// names: the links among the columns (--columns, else the type's defaults, and every member
// for show's table of one object) shown whole when their entities have a name ("cluster") or
// by a member other than id ("host.address"); lists of links ("nics.name") only when --columns
// names them. It is "" for api-json and for json without --columns (they print what the
// engine sent), when --follow is given, and when the method has no follow parameter (engines
// before 4.2). The engine follows the links server side: no request more per row.
func (x *exec_) refFollow(known map[string]*input) (string, error) {
	f, err := x.format()
	if err != nil {
		return "", err
	}
	_, columns := x.cmd.opts["columns"]
	if (f != output.Table && f != output.CSV && (f != output.JSON || !columns)) || known["follow"] == nil || x.cmd.opts["follow"] != "" {
		return "", nil
	}
	var cols []string
	switch c, ok := x.cmd.opts["columns"]; {
	case ok:
		cols = splitList(c)
	case x.verb == "list" || f == output.CSV: // the default columns
		cols = output.DefaultColumns(x.at.item)
	default:
		cols = x.at.item.MemberNames()
	}
	var follow []string
	for _, col := range cols {
		first, rest, _ := strings.Cut(col, ".")
		m := x.at.item.Member(first)
		if m == nil || !m.Link || m.TypeKind != types.KindStruct || rest == "id" || rest == "href" || (m.List && !columns) {
			continue
		}
		t := types.Type(m.Type)
		if t == nil || (rest == "" && t.Member("name") == nil) || slices.Contains(follow, first) {
			continue
		}
		follow = append(follow, first)
	}
	return strings.Join(follow, ","), nil
}

func asNames(err error, target **names.Error) bool { return errors.As(err, target) }

func isEngine(err error) bool {
	var ee *engine.Error
	return errors.As(err, &ee)
}

func isNotFound(err error) bool {
	var ee *engine.Error
	return errors.As(err, &ee) && ee.Kind == engine.KindNotFound
}

package verbs

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/jsoncodec"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// format is -o, else Env.Output, else table on a terminal and json elsewhere.
func (x *exec_) format() (string, error) {
	f := x.cmd.opts["o"]
	if f == "" {
		f = x.env.Output
	}
	if f == "" {
		f = "json"
		if x.env.IsTTY {
			f = "table"
		}
	}
	switch f {
	case "table", "json", "csv", "api-json":
		return f, nil
	}
	return "", usagef("-o: '%s' is not an output format (table, json, csv, api-json)", f)
}

// print writes a result. PLACEHOLDER until engine/output (helper "output") is merged: the
// engine's JSON for json and api-json, id and name lines for table and csv.
func (x *exec_) print(v any, list bool) error {
	f, err := x.format()
	if err != nil {
		return err
	}
	if s, ok := v.(string); ok {
		_, err := fmt.Fprintln(x.env.Stdout, s)
		return err
	}
	var buf bytes.Buffer
	switch f {
	case "json", "api-json":
		jsoncodec.WriteValue(&buf, v)
		buf.WriteByte('\n')
	default:
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice {
			rv = reflect.ValueOf([]any{v})
		}
		for i := range rv.Len() {
			it := rv.Index(i).Interface()
			fmt.Fprintf(&buf, "%s\t%s\n", types.IDOf(it), types.NameOf(it))
		}
	}
	_ = list
	_, err = x.env.Stdout.Write(buf.Bytes())
	return err
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

var _ = strings.TrimSpace

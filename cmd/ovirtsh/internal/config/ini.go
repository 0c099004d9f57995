package config

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Section is one [name] block of an INI file: its keys (lower-cased) and values.
type Section struct {
	Name   string
	Values map[string]string
}

// ParseINI reads the INI dialect of Python's configparser that ovirt.conf files use: [section]
// headers, key = value or key: value lines, # and ; comment lines, blank lines. Keys are
// case-insensitive; values are trimmed, and a value wrapped in matching quotes loses them.
// Keys before the first section, duplicate sections and malformed lines are errors naming the line.
func ParseINI(r io.Reader, name string) ([]*Section, error) {
	var (
		out  []*Section
		cur  *Section
		seen = map[string]bool{}
	)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%s:%d: section header without ']'", name, n)
			}
			sec := strings.TrimSpace(line[1 : len(line)-1])
			if sec == "" || seen[sec] {
				return nil, fmt.Errorf("%s:%d: empty or duplicate section [%s]", name, n, sec)
			}
			seen[sec] = true
			cur = &Section{Name: sec, Values: map[string]string{}}
			out = append(out, cur)
		default:
			i := strings.IndexAny(line, "=:")
			if i <= 0 {
				return nil, fmt.Errorf("%s:%d: expected 'key = value'", name, n)
			}
			if cur == nil {
				return nil, fmt.Errorf("%s:%d: key outside of any [section]", name, n)
			}
			key := strings.ToLower(strings.TrimSpace(line[:i]))
			cur.Values[key] = unquote(strings.TrimSpace(line[i+1:]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

package xmlstream

import (
	"math"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// trimSpace drops XML white space around b.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace[b[0]] {
		b = b[1:]
	}
	for len(b) > 0 && isSpace[b[len(b)-1]] {
		b = b[:len(b)-1]
	}
	return b
}

// ParseBool parses an xs:boolean: true or false (any case), 1 or 0,
// surrounded by optional white space.
func ParseBool(b []byte) (v, ok bool) {
	b = trimSpace(b)
	switch len(b) {
	case 1:
		switch b[0] {
		case '1':
			return true, true
		case '0':
			return false, true
		}
	case 4:
		if b[0]|0x20 == 't' && b[1]|0x20 == 'r' && b[2]|0x20 == 'u' && b[3]|0x20 == 'e' {
			return true, true
		}
	case 5:
		if b[0]|0x20 == 'f' && b[1]|0x20 == 'a' && b[2]|0x20 == 'l' && b[3]|0x20 == 's' && b[4]|0x20 == 'e' {
			return false, true
		}
	}
	return false, false
}

// ParseInt64 parses a decimal integer with an optional sign, surrounded by
// optional white space, that fits in an int64.
func ParseInt64(b []byte) (int64, bool) {
	b = trimSpace(b)
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		if u > (math.MaxUint64-9)/10 {
			return 0, false
		}
		u = u*10 + uint64(d)
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// ParseFloat64 parses a decimal number (exponents, INF and NaN are accepted
// too), surrounded by optional white space.
func ParseFloat64(b []byte) (float64, bool) {
	b = trimSpace(b)
	if len(b) == 0 {
		return 0, false
	}
	for _, c := range b {
		if c == '_' { // strconv accepts digit separators; XML does not
			return 0, false
		}
	}
	// The string does not outlive the call: strconv copies it into errors.
	v, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// ParseTime parses an xs:dateTime such as 2024-01-15T10:20:30.123+01:00,
// with optional fractional seconds and an optional zone (Z or ±hh:mm); a
// value without a zone is taken as UTC. An xs:date (2024-01-15, optionally
// with a zone) gives midnight of that day.
func ParseTime(b []byte) (time.Time, bool) {
	b = trimSpace(b)
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return time.Time{}, false
	}
	b = b[10:]
	var hour, min, sec, nsec int
	if len(b) > 0 && b[0] == 'T' {
		if len(b) < 9 || b[3] != ':' || b[6] != ':' {
			return time.Time{}, false
		}
		var ok4, ok5, ok6 bool
		hour, ok4 = digits(b[1:3])
		min, ok5 = digits(b[4:6])
		sec, ok6 = digits(b[7:9])
		if !ok4 || !ok5 || !ok6 || hour > 24 || min > 59 || sec > 59 {
			return time.Time{}, false
		}
		b = b[9:]
		if len(b) > 0 && b[0] == '.' {
			n := 1
			scale := 100000000
			for n < len(b) && b[n] >= '0' && b[n] <= '9' {
				nsec += int(b[n]-'0') * scale
				scale /= 10
				n++
			}
			if n == 1 {
				return time.Time{}, false
			}
			b = b[n:]
		}
		if hour == 24 && (min != 0 || sec != 0 || nsec != 0) {
			return time.Time{}, false
		}
	}
	loc := time.UTC
	switch {
	case len(b) == 0:
	case len(b) == 1 && b[0] == 'Z':
	case len(b) == 6 && (b[0] == '+' || b[0] == '-') && b[3] == ':':
		oh, ok7 := digits(b[1:3])
		om, ok8 := digits(b[4:6])
		if !ok7 || !ok8 || oh > 14 || om > 59 {
			return time.Time{}, false
		}
		off := oh*3600 + om*60
		if b[0] == '-' {
			off = -off
		}
		loc = fixedZone(off)
	default:
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, min, sec, nsec, loc), true
}

// digits parses a short run of decimal digits.
func digits(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// zones caches one *time.Location per offset so that parsing a date does
// not allocate a location each time.
var zones sync.Map // int -> *time.Location

func fixedZone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if l, ok := zones.Load(off); ok {
		return l.(*time.Location)
	}
	l, _ := zones.LoadOrStore(off, time.FixedZone("", off))
	return l.(*time.Location)
}

// AppendBool appends "true" or "false".
func AppendBool(dst []byte, v bool) []byte { return strconv.AppendBool(dst, v) }

// AppendInt64 appends v in decimal.
func AppendInt64(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }

// AppendFloat64 appends v as a decimal without exponent, with as few digits
// as read back exactly; infinities and NaN as INF, -INF and NaN.
func AppendFloat64(dst []byte, v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(dst, "INF"...)
	case math.IsInf(v, -1):
		return append(dst, "-INF"...)
	case math.IsNaN(v):
		return append(dst, "NaN"...)
	}
	return strconv.AppendFloat(dst, v, 'f', -1, 64)
}

// TimeLayout is the xs:dateTime form the engine itself writes: milliseconds
// and a numeric zone offset (2024-05-01T12:34:56.789+02:00). Clients parse
// at most 6 fractional digits (the Python SDK's strptime %f), so nothing we
// write has more.
const TimeLayout = "2006-01-02T15:04:05.000-07:00"

// AppendTime appends t as an xs:dateTime in TimeLayout: milliseconds (the
// rest of the fraction is truncated) and its zone offset, +00:00 for UTC.
func AppendTime(dst []byte, t time.Time) []byte {
	return t.AppendFormat(dst, TimeLayout)
}

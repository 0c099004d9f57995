package xmlstream

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBool(t *testing.T) {
	tests := []struct {
		in      string
		want    bool
		wantErr bool
	}{
		{"true", true, false}, {"false", false, false}, {" TRUE\n", true, false}, {"False", false, false},
		{"1", true, false}, {"0", false, false},
		{"", false, true}, {"yes", false, true}, {"2", false, true}, {"truee", false, true}, {"t rue", false, true},
	}
	for _, tc := range tests {
		v, ok := ParseBool([]byte(tc.in))
		assert.Equal(t, !tc.wantErr, ok, tc.in)
		assert.Equal(t, tc.want, v, tc.in)
	}
}

func TestParseInt64(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"42", 42, true}, {"-42", -42, true}, {"+7", 7, true}, {" 12 \n", 12, true},
		{"1073741824", 1 << 30, true}, {"00012", 12, true},
		{"9223372036854775807", math.MaxInt64, true}, {"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false}, {"-9223372036854775809", 0, false},
		{"99999999999999999999999", 0, false}, {"", 0, false}, {"-", 0, false}, {"1.5", 0, false},
		{"x", 0, false}, {"1 2", 0, false}, {"0x10", 0, false}, {"1_000", 0, false},
	}
	for _, tc := range tests {
		v, ok := ParseInt64([]byte(tc.in))
		assert.Equal(t, tc.ok, ok, tc.in)
		assert.Equal(t, tc.want, v, tc.in)
	}
}

func TestParseFloat64(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0", 0, true}, {"1.5", 1.5, true}, {"-0.25", -0.25, true}, {" 3 ", 3, true}, {"1e3", 1000, true},
		{"INF", math.Inf(1), true}, {"-INF", math.Inf(-1), true},
		{"", 0, false}, {"abc", 0, false}, {"1,5", 0, false}, {"1_0", 0, false}, {"1.5.2", 0, false},
	}
	for _, tc := range tests {
		v, ok := ParseFloat64([]byte(tc.in))
		assert.Equal(t, tc.ok, ok, tc.in)
		assert.Equal(t, tc.want, v, tc.in)
	}
	v, ok := ParseFloat64([]byte("NaN"))
	assert.True(t, ok)
	assert.True(t, math.IsNaN(v))
}

func TestParseTime(t *testing.T) {
	plus1 := time.FixedZone("", 3600)
	minus530 := time.FixedZone("", -(5*3600 + 30*60))
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-01-15T10:20:30.123+01:00", time.Date(2024, 1, 15, 10, 20, 30, 123000000, plus1), true},
		{"2024-01-15T10:20:30Z", time.Date(2024, 1, 15, 10, 20, 30, 0, time.UTC), true},
		{"2024-01-15T10:20:30", time.Date(2024, 1, 15, 10, 20, 30, 0, time.UTC), true},
		{"2024-01-15T10:20:30.000000001-05:30", time.Date(2024, 1, 15, 10, 20, 30, 1, minus530), true},
		{"2024-01-15T10:20:30.1234567891Z", time.Date(2024, 1, 15, 10, 20, 30, 123456789, time.UTC), true},
		{" 2024-02-29T00:00:00+00:00\n", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"2024-12-31T24:00:00Z", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"2024-01-15", time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), true},
		{"2024-01-15+01:00", time.Date(2024, 1, 15, 0, 0, 0, 0, plus1), true},
		{"2023-02-29T00:00:00Z", time.Time{}, false},
		{"2024-13-01T00:00:00Z", time.Time{}, false},
		{"2024-01-15T25:00:00Z", time.Time{}, false},
		{"2024-01-15T24:00:01Z", time.Time{}, false},
		{"2024-01-15T10:60:00Z", time.Time{}, false},
		{"2024-01-15T10:20:30.Z", time.Time{}, false},
		{"2024-01-15T10:20:30+1:00", time.Time{}, false},
		{"2024-01-15T10:20:30+15:00", time.Time{}, false},
		{"2024-01-15T10:20", time.Time{}, false},
		{"2024-1-15", time.Time{}, false},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tc := range tests {
		v, ok := ParseTime([]byte(tc.in))
		require.Equal(t, tc.ok, ok, tc.in)
		if ok {
			assert.True(t, tc.want.Equal(v), "%s: %v", tc.in, v)
			_, wantOff := tc.want.Zone()
			_, gotOff := v.Zone()
			assert.Equal(t, wantOff, gotOff, tc.in)
		}
	}
	// Parsing the same offset twice shares the location.
	a, _ := ParseTime([]byte("2024-01-15T10:20:30+02:00"))
	b, _ := ParseTime([]byte("2024-01-16T10:20:30+02:00"))
	assert.Same(t, a.Location(), b.Location())
}

func TestAppendValues(t *testing.T) {
	assert.Equal(t, "true", string(AppendBool(nil, true)))
	assert.Equal(t, "-9223372036854775808", string(AppendInt64(nil, math.MinInt64)))
	assert.Equal(t, "0.1", string(AppendFloat64(nil, 0.1)))
	assert.Equal(t, "100000000000000000000", string(AppendFloat64(nil, 1e20)))
	assert.Equal(t, "INF", string(AppendFloat64(nil, math.Inf(1))))
	assert.Equal(t, "-INF", string(AppendFloat64(nil, math.Inf(-1))))
	assert.Equal(t, "NaN", string(AppendFloat64(nil, math.NaN())))
	tm := time.Date(2024, 1, 15, 10, 20, 30, 123000000, time.FixedZone("", 3600))
	assert.Equal(t, "2024-01-15T10:20:30.123+01:00", string(AppendTime(nil, tm)))
	assert.Equal(t, "2024-01-15T10:20:30.000+00:00", string(AppendTime(nil, time.Date(2024, 1, 15, 10, 20, 30, 0, time.UTC))))
	assert.Equal(t, "2024-01-15T10:20:30.123+00:00", string(AppendTime(nil, time.Date(2024, 1, 15, 10, 20, 30, 123456789, time.UTC))))
	for _, v := range []float64{0.1, 1.0 / 3, 1e-300, -12345.678, math.MaxFloat64} {
		back, ok := ParseFloat64(AppendFloat64(nil, v))
		require.True(t, ok)
		assert.Equal(t, v, back)
	}
}

func TestTextHelpers(t *testing.T) {
	doc := `<a><b> true </b><i>-12</i><f>2.5</f><d>2024-01-15T10:20:30Z</d><s>x&amp;y</s>` +
		`<b>maybe</b><i>1.5</i><f>x</f><d>never</d></a>`
	r := NewReaderBytes([]byte(doc))
	_, err := r.Root()
	require.NoError(t, err)
	next := func() {
		_, ok, err := r.Child()
		require.NoError(t, err)
		require.True(t, ok)
	}
	next()
	b, err := r.TextBoolPtr()
	require.NoError(t, err)
	assert.True(t, *b)
	next()
	i, err := r.TextInt64Ptr()
	require.NoError(t, err)
	assert.Equal(t, int64(-12), *i)
	next()
	f, err := r.TextFloat64Ptr()
	require.NoError(t, err)
	assert.Equal(t, 2.5, *f)
	next()
	d, err := r.TextTimePtr()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 1, 15, 10, 20, 30, 0, time.UTC), *d)
	next()
	s, err := r.TextStringPtr()
	require.NoError(t, err)
	assert.Equal(t, "x&y", *s)

	next()
	_, err = r.TextBool()
	assert.EqualError(t, err, `line 1 col 81: a/b: invalid boolean "maybe"`)
	next()
	_, err = r.TextInt64()
	assert.EqualError(t, err, `line 1 col 93: a/i: invalid integer "1.5"`)
	next()
	_, err = r.TextFloat64()
	assert.EqualError(t, err, `line 1 col 103: a/f: invalid decimal "x"`)
	next()
	_, err = r.TextTime()
	assert.EqualError(t, err, `line 1 col 111: a/d: invalid date "never"`)
}

func TestPtrHelpersAreDistinct(t *testing.T) {
	r := NewReaderBytes(nil)
	seen := map[*string]bool{}
	for i := range 200 {
		p := r.StringPtrOf("x")
		require.False(t, seen[p], i)
		seen[p] = true
	}
	a, b := r.BoolPtr(true), r.BoolPtr(false)
	*a = false
	assert.False(t, *b)
	assert.NotSame(t, r.Int64Ptr(1), r.Int64Ptr(1))
	assert.NotSame(t, r.Float64Ptr(1), r.Float64Ptr(1))
	assert.NotSame(t, r.TimePtr(time.Time{}), r.TimePtr(time.Time{}))
}

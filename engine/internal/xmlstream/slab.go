package xmlstream

import "time"

// Decoded documents hold most scalars behind pointers (unset must differ
// from zero). Allocating each pointer on its own dominates decoding, so the
// Ptr helpers carve them from small blocks: one allocation serves a block of
// values. A value kept alive keeps its block (at most a few hundred bytes)
// alive, which is the price of the speed.
const (
	slabStrings = 64
	slabScalars = 64
	slabTimes   = 16
)

type slabs struct {
	strs  []string
	bools []bool
	ints  []int64
	flts  []float64
	times []time.Time
}

// StringPtr returns a pointer to a string copy of b.
func (r *Reader) StringPtr(b []byte) *string {
	return r.StringPtrOf(string(b))
}

// StringPtrOf returns a pointer to s.
func (r *Reader) StringPtrOf(s string) *string {
	if len(r.slabs.strs) == 0 {
		r.slabs.strs = make([]string, slabStrings)
	}
	p := &r.slabs.strs[0]
	r.slabs.strs = r.slabs.strs[1:]
	*p = s
	return p
}

// BoolPtr returns a pointer to v.
func (r *Reader) BoolPtr(v bool) *bool {
	if len(r.slabs.bools) == 0 {
		r.slabs.bools = make([]bool, slabScalars)
	}
	p := &r.slabs.bools[0]
	r.slabs.bools = r.slabs.bools[1:]
	*p = v
	return p
}

// Int64Ptr returns a pointer to v.
func (r *Reader) Int64Ptr(v int64) *int64 {
	if len(r.slabs.ints) == 0 {
		r.slabs.ints = make([]int64, slabScalars)
	}
	p := &r.slabs.ints[0]
	r.slabs.ints = r.slabs.ints[1:]
	*p = v
	return p
}

// Float64Ptr returns a pointer to v.
func (r *Reader) Float64Ptr(v float64) *float64 {
	if len(r.slabs.flts) == 0 {
		r.slabs.flts = make([]float64, slabScalars)
	}
	p := &r.slabs.flts[0]
	r.slabs.flts = r.slabs.flts[1:]
	*p = v
	return p
}

// TimePtr returns a pointer to v.
func (r *Reader) TimePtr(v time.Time) *time.Time {
	if len(r.slabs.times) == 0 {
		r.slabs.times = make([]time.Time, slabTimes)
	}
	p := &r.slabs.times[0]
	r.slabs.times = r.slabs.times[1:]
	*p = v
	return p
}

// TextStringPtr is TextString returning a pointer.
func (r *Reader) TextStringPtr() (*string, error) {
	b, err := r.Text()
	if err != nil {
		return nil, err
	}
	return r.StringPtr(b), nil
}

// TextBoolPtr is TextBool returning a pointer.
func (r *Reader) TextBoolPtr() (*bool, error) {
	v, err := r.TextBool()
	if err != nil {
		return nil, err
	}
	return r.BoolPtr(v), nil
}

// TextInt64Ptr is TextInt64 returning a pointer.
func (r *Reader) TextInt64Ptr() (*int64, error) {
	v, err := r.TextInt64()
	if err != nil {
		return nil, err
	}
	return r.Int64Ptr(v), nil
}

// TextFloat64Ptr is TextFloat64 returning a pointer.
func (r *Reader) TextFloat64Ptr() (*float64, error) {
	v, err := r.TextFloat64()
	if err != nil {
		return nil, err
	}
	return r.Float64Ptr(v), nil
}

// TextTimePtr is TextTime returning a pointer.
func (r *Reader) TextTimePtr() (*time.Time, error) {
	v, err := r.TextTime()
	if err != nil {
		return nil, err
	}
	return r.TimePtr(v), nil
}

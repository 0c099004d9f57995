package imageio

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// rangeError is a refused byte range: the status imageio answers and its message.
type rangeError struct {
	status int
	msg    string
}

// within reports whether [off, off+n) lies inside [0, size), without computing off+n (which
// wraps for offsets near 2^63).
func within(off, n, size int64) bool {
	return off >= 0 && n >= 0 && off <= size && n <= size-off
}

// parseRange reads the Range header of a GET on an image of size bytes: one range (bytes=a-b,
// bytes=a-) or none (the whole image). It returns the first byte and the length.
func parseRange(rg string, size int64) (off, n int64, partial bool, e *rangeError) {
	if rg == "" {
		return 0, size, false, nil
	}
	spec, found := strings.CutPrefix(rg, "bytes=")
	first, last, dash := strings.Cut(spec, "-")
	a, errA := strconv.ParseUint(first, 10, 63)
	b := uint64(size - 1)
	var errB error
	if last != "" {
		b, errB = strconv.ParseUint(last, 10, 63)
	}
	switch {
	case !found || !dash || strings.Contains(spec, ",") || errA != nil || errB != nil:
		return 0, 0, false, &rangeError{http.StatusRequestedRangeNotSatisfiable, fmt.Sprintf("Unsupported range %q", rg)}
	case size <= 0 || a >= uint64(size) || b < a:
		return 0, 0, false, &rangeError{http.StatusRequestedRangeNotSatisfiable,
			fmt.Sprintf("Requested range %q exceeds the image size %d", rg, size)}
	}
	b = min(b, uint64(size-1))
	return int64(a), int64(b-a) + 1, true, nil
}

// parseContentRange reads the Content-Range header of a PUT of n bytes: "bytes a-b/*" (or
// "/total"), where b, when given, must be the last byte of the body. It returns a.
func parseContentRange(cr string, n int64) (int64, *rangeError) {
	bad := &rangeError{http.StatusBadRequest, fmt.Sprintf("Invalid Content-Range header %q", cr)}
	spec, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return 0, bad
	}
	span, _, _ := strings.Cut(spec, "/")
	first, last, dash := strings.Cut(span, "-")
	a, err := strconv.ParseUint(first, 10, 63)
	if err != nil {
		return 0, bad
	}
	if dash && last != "" {
		b, err := strconv.ParseUint(last, 10, 63)
		if err != nil || b < a || b-a != uint64(n)-1 || n <= 0 {
			return 0, &rangeError{http.StatusBadRequest,
				fmt.Sprintf("Content-Range %q does not match the body of %d bytes", cr, n)}
		}
	}
	return int64(a), nil
}

package transfer

import (
	"context"
	"hash"
	"sync"
)

// defaultWorkers is how many connections an upload writes on when the server allows it. With
// one connection, requests take turns with the server's work on them; bigger requests make
// fewer turns (on loopback, 32 MiB PUTs move a third more than 8 MiB ones).
const (
	defaultWorkers     = 4
	defaultSingleChunk = 32 << 20
)

// sender moves an image to imageio. The calling goroutine reads the chunks in order, hashes
// them and reports progress; workers send them on their own connections, as many as the server
// accepts writers (each on a distinct range, as imageio requires), so that reading, sending and
// the server's work overlap instead of taking turns.
type sender struct {
	d        *imageio
	src      *uploadSource
	size     int64
	chunk    int // 0: by the number of workers
	workers  int
	progress func(done, total int64)
	sum      hash.Hash
	sent     int64
}

// piece is a chunk on its way: its bytes, and once sent, the bytes that crossed the network
// and the error.
type piece struct {
	off  int64
	p    []byte
	sent int64
	err  error
}

func (s *sender) send(ctx context.Context) error {
	n := max(1, min(s.workers, s.d.maxWriters))
	if s.workers <= 0 {
		n = min(defaultWorkers, s.d.maxWriters)
	}
	if s.chunk <= 0 {
		s.chunk = defaultChunk
		if n == 1 {
			s.chunk = defaultSingleChunk
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs, results := make(chan *piece), make(chan *piece, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for pc := range jobs {
				pc.sent, pc.err = s.sendPiece(ctx, pc)
				results <- pc
			}
		})
	}
	var (
		free     [][]byte // buffers ready for the next chunk: one more than the workers
		inflight int
		done     int64
		firstErr error
		chunk    = int(min(int64(s.chunk), s.size))
	)
	for range n + 1 {
		free = append(free, make([]byte, chunk))
	}
	finish := func(pc *piece) {
		inflight--
		free = append(free, pc.p[:cap(pc.p)])
		if pc.err != nil {
			if firstErr == nil {
				firstErr = pc.err
				cancel() // the other requests stop too
			}
			return
		}
		s.sent += pc.sent
		done += int64(len(pc.p))
		if s.progress != nil && firstErr == nil {
			s.progress(done, s.size)
		}
	}
	for off := int64(0); off < s.size && firstErr == nil; {
		if len(free) == 0 {
			finish(<-results)
			continue
		}
		buf := free[len(free)-1]
		free = free[:len(free)-1]
		pc := &piece{off: off, p: buf[:min(int64(len(buf)), s.size-off)]}
		if err := s.src.read(pc.p, off); err != nil {
			firstErr = err
			break
		}
		if s.sum != nil {
			s.sum.Write(pc.p)
		}
		off += int64(len(pc.p))
		for queued := false; !queued; {
			select {
			case jobs <- pc:
				inflight++
				queued = true
			case r := <-results:
				finish(r)
				queued = firstErr != nil
			case <-ctx.Done():
				if firstErr == nil {
					firstErr = context.Cause(ctx)
				}
				queued = true
			}
		}
	}
	close(jobs)
	for inflight > 0 {
		finish(<-results)
	}
	wg.Wait()
	return firstErr
}

// sendPiece PUTs the data runs of a chunk and zeroes its runs of zeros.
func (s *sender) sendPiece(ctx context.Context, pc *piece) (int64, error) {
	var sent int64
	for _, r := range splitZeros(pc.p, s.d.features["zero"]) {
		var err error
		if r.zero {
			err = s.d.zero(ctx, pc.off+int64(r.off), int64(r.n))
		} else {
			err = s.d.put(ctx, pc.off+int64(r.off), pc.p[r.off:r.off+r.n])
			sent += int64(r.n)
		}
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// Package queue runs background work on a fixed pool of workers fed by a
// bounded queue: however fast work arrives and however slow it is done, the
// goroutines and the memory it holds stay bounded, and work that does not
// fit is refused at once — shed — for the caller to count and report.
package queue

import (
	"sync"
)

// Pool is a fixed number of workers and a queue of bounded depth. It is
// safe for concurrent use.
type Pool struct {
	jobs    chan func()
	pending sync.WaitGroup // jobs submitted and not yet done
	workers sync.WaitGroup
	mu      sync.RWMutex // guards closed against Submit
	closed  bool
}

// New starts a pool of workers (at least 1) and a queue holding depth jobs
// waiting (at least 0).
func New(workers, depth int) *Pool {
	p := &Pool{jobs: make(chan func(), max(depth, 0))}
	for range max(workers, 1) {
		p.workers.Go(p.work)
	}
	return p
}

func (p *Pool) work() {
	for f := range p.jobs {
		p.run(f)
	}
}

// run runs one job; a panic in it is the job's own to recover, but the
// worker outlives it.
func (p *Pool) run(f func()) {
	defer p.pending.Done()
	defer func() { _ = recover() }()
	f()
}

// Submit queues f and reports true, or reports false at once — f is shed —
// when the queue is full or the pool closed.
func (p *Pool) Submit(f func()) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return false
	}
	p.pending.Add(1)
	select {
	case p.jobs <- f:
		return true
	default:
		p.pending.Done()
		return false
	}
}

// Queued is how many jobs wait for a worker.
func (p *Pool) Queued() int { return len(p.jobs) }

// Wait blocks until every job submitted so far is done.
func (p *Pool) Wait() { p.pending.Wait() }

// Close refuses new jobs, lets the queued ones run, and stops the workers.
func (p *Pool) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	close(p.jobs)
	p.mu.Unlock()
	p.workers.Wait()
}

package queue_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"mssmbot/bot/queue"
)

// TestPoolBounded: with every worker stuck, the queue fills to its depth,
// the rest is shed at once, and no goroutine is added per job.
func TestPoolBounded(t *testing.T) {
	before := runtime.NumGoroutine()
	p := queue.New(4, 10)
	release := make(chan struct{})
	var ran atomic.Int32
	accepted, shed := 0, 0
	for range 1000 {
		if p.Submit(func() { <-release; ran.Add(1) }) {
			accepted++
		} else {
			shed++
		}
	}
	if accepted > 14 || accepted < 10 || shed != 1000-accepted {
		t.Errorf("accepted %d, shed %d: want at most 4 running and 10 queued", accepted, shed)
	}
	if n := runtime.NumGoroutine() - before; n > 4 {
		t.Errorf("%d goroutines added for 1000 jobs, want the 4 workers", n)
	}
	close(release)
	p.Wait()
	if int(ran.Load()) != accepted {
		t.Errorf("%d jobs ran, want the %d accepted", ran.Load(), accepted)
	}
	p.Close()
	if p.Submit(func() {}) {
		t.Error("a closed pool took a job")
	}
}

// TestPoolSurvivesPanics: a job that panics does not take its worker down.
func TestPoolSurvivesPanics(t *testing.T) {
	p := queue.New(1, 4)
	defer p.Close()
	p.Submit(func() { panic("boom") })
	var ok atomic.Bool
	p.Submit(func() { ok.Store(true) })
	p.Wait()
	if !ok.Load() {
		t.Error("the job after a panic did not run")
	}
}

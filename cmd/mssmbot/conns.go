package main

import (
	"net"
	"net/http"
	"sync"
	"syscall"

	"golang.org/x/net/netutil"
)

// maxConnsFor is the default cap on concurrent connections: half the
// process's descriptor limit (the index, the platform connections and the
// clients' own connections need the rest), between 64 and 16,384.
func maxConnsFor() int {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur == 0 {
		return 1024
	}
	return int(min(max(lim.Cur/2, 64), 16384))
}

// connGuard caps the listener's concurrent connections and keeps room for
// new ones: once the open connections reach nine tenths of the cap, a
// keep-alive connection is closed as soon as it goes idle, so that however
// many connections clients hold open, a new one (a health check) is
// accepted within moments.
type connGuard struct {
	max  int
	mu   sync.Mutex
	open map[net.Conn]http.ConnState
	idle int
}

func newConnGuard(max int) *connGuard {
	return &connGuard{max: max, open: map[net.Conn]http.ConnState{}}
}

// listener wraps ln with the cap.
func (g *connGuard) listener(ln net.Listener) net.Listener { return netutil.LimitListener(ln, g.max) }

// crowded: the open connections reach nine tenths of the cap. g.mu is held.
func (g *connGuard) crowded() bool { return len(g.open)*10 >= g.max*9 }

// track is the server's ConnState hook.
func (g *connGuard) track(c net.Conn, state http.ConnState) {
	g.mu.Lock()
	defer g.mu.Unlock()
	prev, known := g.open[c]
	if known && prev == http.StateIdle {
		g.idle--
	}
	switch state {
	case http.StateClosed, http.StateHijacked:
		delete(g.open, c)
		return
	case http.StateIdle:
		if g.crowded() {
			delete(g.open, c)
			c.Close()
			return
		}
		g.idle++
	case http.StateNew:
		if g.crowded() && g.idle > 0 {
			g.closeIdle()
		}
	}
	g.open[c] = state
}

// closeIdle closes every idle connection. g.mu is held.
func (g *connGuard) closeIdle() {
	for c, s := range g.open {
		if s == http.StateIdle {
			delete(g.open, c)
			c.Close()
		}
	}
	g.idle = 0
}

// count is how many connections are open now.
func (g *connGuard) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.open)
}

// Package memo remembers answers already computed, by key, up to a bound:
// the caches of word lookups, analyses and sentences that never change once
// read (the lexicon, an index, the sentences a bot has read).
package memo

import "sync"

// DefaultMax is the bound of a Map whose Max is 0.
const DefaultMax = 1 << 14

// Map holds values by key, up to Max of them (DefaultMax when 0); when
// full it starts again. Safe for concurrent use; the zero value is ready.
type Map[V any] struct {
	Max int
	mu  sync.Mutex
	m   map[string]V
}

// Get returns the value kept for key.
func (c *Map[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// Put keeps v for key.
func (c *Map[V]) Put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	max := c.Max
	if max <= 0 {
		max = DefaultMax
	}
	if c.m == nil || len(c.m) >= max {
		c.m = make(map[string]V)
	}
	c.m[key] = v
}

// Of returns the value for key, computing it with compute (outside the
// lock) the first time.
func (c *Map[V]) Of(key string, compute func(string) V) V {
	if v, ok := c.Get(key); ok {
		return v
	}
	v := compute(key)
	c.Put(key, v)
	return v
}

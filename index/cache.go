package index

import (
	"container/list"
	"sync"
)

// hitCache keeps the most recently used sentences, analyzed, so that a
// question does not read and analyze its evidence again. Safe for concurrent use.
type hitCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are *cacheEntry
	byID  map[string]*list.Element
}

type cacheEntry struct {
	id  string
	hit Hit
}

func newHitCache(max int) *hitCache {
	return &hitCache{max: max, order: list.New(), byID: map[string]*list.Element{}}
}

func (c *hitCache) get(id string) (Hit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return Hit{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).hit, true
}

func (c *hitCache) put(id string, h Hit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		el.Value.(*cacheEntry).hit = h
		c.order.MoveToFront(el)
		return
	}
	c.byID[id] = c.order.PushFront(&cacheEntry{id: id, hit: h})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*cacheEntry).id)
	}
}

package index

import (
	"container/list"
	"sync"
)

// hitCache keeps the most recently used sentences, analyzed, so that a
// question does not read and analyze its evidence again — and the ids of
// sentences the index does not hold (the neighbour after a document's last
// sentence), so that they are not looked for again: an index never changes
// once built. Safe for concurrent use.
type hitCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are *cacheEntry
	byID  map[string]*list.Element
}

type cacheEntry struct {
	id     string
	hit    Hit
	absent bool // the index holds no sentence of this id
}

func newHitCache(max int) *hitCache {
	return &hitCache{max: max, order: list.New(), byID: map[string]*list.Element{}}
}

// get returns the sentence of id; known reports that the cache knows about
// id at all (found false and known true: the index holds no such sentence).
func (c *hitCache) get(id string) (h Hit, found, known bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return Hit{}, false, false
	}
	c.order.MoveToFront(el)
	e := el.Value.(*cacheEntry)
	return e.hit, !e.absent, true
}

// put keeps the sentence of id.
func (c *hitCache) put(id string, h Hit) { c.keep(&cacheEntry{id: id, hit: h}) }

// putAbsent keeps that the index holds no sentence of id.
func (c *hitCache) putAbsent(id string) { c.keep(&cacheEntry{id: id, absent: true}) }

func (c *hitCache) keep(e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[e.id]; ok {
		el.Value = e
		c.order.MoveToFront(el)
		return
	}
	c.byID[e.id] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*cacheEntry).id)
	}
}

package slack

import (
	"container/list"
	"sync"
	"time"
)

// seenSet remembers recently seen keys (event ids, channel+ts pairs) so that
// a redelivered or doubly delivered event is answered once. Memory is bounded
// by both a capacity and a time to live; the oldest keys go first.
type seenSet struct {
	mu    sync.Mutex
	ttl   time.Duration
	limit int
	now   func() time.Time
	order *list.List // of seenEntry, oldest first
	keys  map[string]*list.Element
}

type seenEntry struct {
	key string
	at  time.Time
}

// newSeenSet returns a set keeping at most limit keys for at most ttl.
func newSeenSet(limit int, ttl time.Duration) *seenSet {
	return &seenSet{ttl: ttl, limit: limit, now: time.Now, order: list.New(), keys: map[string]*list.Element{}}
}

// first records key and reports whether it was not seen within the TTL.
func (s *seenSet) first(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		ent := e.Value.(seenEntry)
		if s.order.Len() <= s.limit && now.Sub(ent.at) < s.ttl {
			break
		}
		s.order.Remove(e)
		delete(s.keys, ent.key)
	}
	if _, ok := s.keys[key]; ok {
		return false
	}
	s.keys[key] = s.order.PushBack(seenEntry{key: key, at: now})
	if s.order.Len() > s.limit {
		old := s.order.Front()
		s.order.Remove(old)
		delete(s.keys, old.Value.(seenEntry).key)
	}
	return true
}

// len reports how many keys are held.
func (s *seenSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}
